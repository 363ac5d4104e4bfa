import { setCookie } from "hono/cookie";
import { Alert } from "../components/Alert.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import PasswordField from "../islands/PasswordField.tsx";
import { homeFor } from "../lib/auth/sessions.ts";
import { signIn } from "../lib/auth/sign_in.ts";
import { SESSION_COOKIE, SESSION_HOURS } from "../lib/auth/tokens.ts";
import { getConnInfo } from "hono/deno";
import { type Ctx, define, page } from "../lib/http/define.ts";
import { safeNext } from "../lib/http/guards.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo.ts";

interface Data {
  email: string;
  next: string | null;
  error?: MessageKey;
  notice?: MessageKey;
}

function clientIp(c: Ctx): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no socket
  }
}

export const handler = define.handlers<Data>({
  GET(c) {
    const { claims } = c.get("state");
    const next = safeNext(c.req.query("next"));
    if (claims) return c.redirect(next ?? homeFor(claims.app_metadata.roles), 303);
    const notice: MessageKey | undefined = c.req.query("scaduta")
      ? "signIn.expired"
      : c.req.query("uscito")
      ? "signIn.signedOut"
      : c.req.query("reimpostata")
      ? "reset.done"
      : undefined;
    return page({ email: "", next, notice });
  },
  async POST(c) {
    const state = c.get("state");
    const form = await c.req.parseBody();
    const email = typeof form.email === "string" ? form.email.trim() : "";
    const password = typeof form.password === "string" ? form.password : "";
    const next = safeNext(typeof form.next === "string" ? form.next : null);
    if (!email || !password) return page({ email, next, error: "signIn.missing" }, { status: 422 });
    const result = await signIn(state.db, {
      email,
      password,
      ip: clientIp(c),
      userAgent: c.req.header("user-agent") ?? null,
    }, state.config.jwtSecret);
    if (!result.ok) {
      const error: MessageKey = result.reason === "throttled"
        ? "signIn.throttled"
        : result.reason === "no_access"
        ? "signIn.noAccess"
        : "signIn.invalid";
      return page({ email, next, error }, { status: result.reason === "throttled" ? 429 : 401 });
    }
    setCookie(c, SESSION_COOKIE, result.token, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: state.config.secureCookies,
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(next ?? result.home, 303);
  },
});

export default define.page<Data>(function SignIn({ data, state }) {
  const { t } = state;
  const errorId = "sign-in-error";
  return (
    <div class="row justify-content-center">
      <div class="col-md-8 col-lg-6">
        <h1>{t("signIn.title")}</h1>
        <p class="lead">{t("signIn.intro")}</p>
        {data.notice && (
          <Alert kind={data.notice === "signIn.expired" ? "warning" : "success"}>
            {t(data.notice)}
          </Alert>
        )}
        {data.error && <Alert kind="danger" id={errorId}>{t(data.error)}</Alert>}
        {state.config.oidc && (
          <div class="mt-4">
            <a
              class="btn btn-primary btn-lg w-100"
              href={`/accedi/oidc${data.next ? `?next=${encodeURIComponent(data.next)}` : ""}`}
            >
              {state.config.oidc.label}
            </a>
            <p class="text-center text-secondary mt-3 mb-0">
              {state.tr("oppure con e-mail e password", "or with e-mail and password")}
            </p>
          </div>
        )}
        <form method="post" action="/accedi" class="mt-4" noValidate={false}>
          <CsrfField state={state} />
          {data.next && <input type="hidden" name="next" value={data.next} />}
          <div class="form-group">
            <label for="email" class="active">{t("signIn.email")}</label>
            <input
              type="email"
              id="email"
              name="email"
              class={`form-control${data.error ? " is-invalid" : ""}`}
              autocomplete="username"
              required
              value={data.email}
              aria-invalid={data.error ? "true" : undefined}
              aria-describedby={data.error ? errorId : undefined}
            />
          </div>
          <PasswordField
            id="password"
            name="password"
            label={t("signIn.password")}
            autocomplete="current-password"
            required
            showLabel={t("signIn.showPassword")}
            hideLabel={t("signIn.hidePassword")}
            invalid={!!data.error}
            describedBy={data.error ? errorId : undefined}
          />
          <button type="submit" class="btn btn-primary btn-lg w-100">{t("signIn.submit")}</button>
        </form>
        <p class="mt-3">
          <a href="/password/recupera">{t("signIn.forgot")}</a>
        </p>
        {state.config.seedDemo && (
          <section class="demo-accounts mt-5" aria-labelledby="demo-title">
            <h2 id="demo-title" class="h5">{t("signIn.demoTitle")}</h2>
            <p>
              Password: <code>{DEMO_PASSWORD}</code>
            </p>
            <ul class="list-unstyled small">
              {DEMO_USERS.map((u) => (
                <li key={u.email}>
                  <code>{u.email}</code> — {t(`role.${u.role}` as MessageKey)}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
});
