import { deleteCookie } from "hono/cookie";
import { Alert } from "../../components/Alert.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../components/FormErrors.tsx";
import PasswordField from "../../islands/PasswordField.tsx";
import { passwordProblem } from "../../lib/auth/password.ts";
import {
  resetPassword,
  resetTokenEmail,
  resetTokenIsValid,
} from "../../lib/auth/password_reset.ts";
import { SESSION_COOKIE } from "../../lib/auth/tokens.ts";
import { define, page } from "../../lib/http/define.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";

type Data =
  | { valid: true; token: string; errors: FieldErrors }
  | { valid: false };

const HINT_ID = "password-hint";

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db } = c.get("state");
    const token = c.req.query("token") ?? "";
    if (!token || !await resetTokenIsValid(db, token)) return page({ valid: false });
    return page({ valid: true, token, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, t } = state;
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const password = typeof form.password === "string" ? form.password : "";
    const confirm = typeof form.confirm === "string" ? form.confirm : "";
    const email = token ? await resetTokenEmail(db, token) : null;
    if (!email) return page({ valid: false }, { status: 422 });

    const errors: FieldErrors = {};
    const problem = passwordProblem(password, email);
    if (problem) errors.password = t(problem as MessageKey);
    else if (password !== confirm) errors.confirm = t("reset.mismatch");
    if (Object.keys(errors).length) return page({ valid: true, token, errors }, { status: 422 });

    const result = await resetPassword(db, token, password);
    if (!result.ok) return page({ valid: false }, { status: 422 });
    // Every session of the account was revoked, this browser's included.
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: state.config.secureCookies });
    return c.redirect("/accedi?reimpostata=1", 303);
  },
});

/** The page a reset link opens: a new password twice, or why the link no longer works. */
export default define.page<Data>(function ResetPassword({ data, state }) {
  const { t } = state;
  if (!data.valid) {
    return (
      <div class="row justify-content-center">
        <div class="col-md-8 col-lg-6">
          <h1>{t("reset.invalidTitle")}</h1>
          <Alert kind="warning">{t("reset.invalidToken")}</Alert>
          <p class="mt-4">
            <a class="btn btn-primary" href="/password/recupera">{t("reset.requestAgain")}</a>
          </p>
        </div>
      </div>
    );
  }
  const { errors } = data;
  return (
    <div class="row justify-content-center">
      <div class="col-md-8 col-lg-6">
        <h1>{t("reset.title")}</h1>
        <ErrorSummary state={state} errors={errors} />
        <form method="post" action="/password/reimposta" class="mt-4" noValidate>
          <CsrfField state={state} />
          <input type="hidden" name="token" value={data.token} />
          <p id={HINT_ID} class="form-text mb-4">{t("reset.hint")}</p>
          <PasswordField
            id="password"
            name="password"
            label={t("reset.newPassword")}
            autocomplete="new-password"
            required
            showLabel={t("signIn.showPassword")}
            hideLabel={t("signIn.hidePassword")}
            invalid={!!errors.password}
            describedBy={describedBy("password", errors, HINT_ID)}
          />
          <FieldError field="password" errors={errors} />
          <PasswordField
            id="confirm"
            name="confirm"
            label={t("reset.confirm")}
            autocomplete="new-password"
            required
            showLabel={t("signIn.showPassword")}
            hideLabel={t("signIn.hidePassword")}
            invalid={!!errors.confirm}
            describedBy={describedBy("confirm", errors)}
          />
          <FieldError field="confirm" errors={errors} />
          <button type="submit" class="btn btn-primary btn-lg w-100">{t("reset.submit")}</button>
        </form>
      </div>
    </div>
  );
});
