import { setCookie } from "hono/cookie";
import { Alert } from "../components/Alert.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../components/FormErrors.tsx";
import PasswordField from "../islands/PasswordField.tsx";
import PushOptIn from "../islands/PushOptIn.tsx";
import { passwordProblem } from "../lib/auth/password.ts";
import { changePassword, getProfile, type Profile, updateProfile } from "../lib/auth/profile.ts";
import { SESSION_COOKIE, SESSION_HOURS, signSession } from "../lib/auth/tokens.ts";
import { MEMBER_ROLES } from "../lib/db/types.ts";
import { type Ctx, define, HttpError, page, type State } from "../lib/http/define.ts";
import { assertSignedIn, requireRoles } from "../lib/http/guards.ts";
import { isLang, type Lang, type MessageKey } from "../lib/i18n/mod.ts";

interface Data {
  profile: Profile;
  notice?: MessageKey;
  details: { fullName: string; locale: Lang; errors: FieldErrors };
  passwordErrors: FieldErrors;
}

const PASSWORD_HINT = "new-password-hint";
const NOTICES: Record<string, MessageKey> = {
  dati: "profile.saved",
  password: "profile.passwordSaved",
};

/** Every member role and the platform superadmin: anyone signed in with access to something. */
const guard = requireRoles([...MEMBER_ROLES, "superadmin"]);

/** The guard's redirect (anonymous) or null when the caller may go on; throws 403 otherwise. */
async function refused(c: Ctx): Promise<Response | null> {
  const res = await guard(c, () => Promise.resolve());
  return res instanceof Response ? res : null;
}

async function loadProfile(state: State): Promise<Profile> {
  assertSignedIn(state);
  const profile = await getProfile(state.db, state.claims);
  if (!profile) throw new HttpError(404, "Account not found");
  return profile;
}

function emptyForms(profile: Profile): Pick<Data, "details" | "passwordErrors"> {
  return {
    details: { fullName: profile.full_name, locale: profile.locale, errors: {} },
    passwordErrors: {},
  };
}

/** The header shows the name from the session token: re-sign it so the new name appears now. */
async function refreshSessionName(c: Ctx, fullName: string): Promise<void> {
  const state = c.get("state");
  assertSignedIn(state);
  const { iat: _iat, exp: _exp, ...claims } = state.claims;
  const token = await signSession(
    { ...claims, user_metadata: { ...claims.user_metadata, full_name: fullName } },
    state.config.jwtSecret,
  );
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: state.config.secureCookies,
    maxAge: SESSION_HOURS * 3600,
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const denied = await refused(c);
    if (denied) return denied;
    const profile = await loadProfile(c.get("state"));
    const notice = NOTICES[c.req.query("aggiornato") ?? ""];
    return page({ profile, notice, ...emptyForms(profile) });
  },
  async POST(c) {
    const denied = await refused(c);
    if (denied) return denied;
    const state = c.get("state");
    assertSignedIn(state);
    const { db, t, claims } = state;
    const profile = await loadProfile(state);
    const form = await c.req.parseBody();
    const field = (name: string) => typeof form[name] === "string" ? form[name] as string : "";

    if (field("action") === "details") {
      const fullName = field("full_name").trim().replace(/\s+/g, " ");
      const locale = isLang(field("locale")) ? field("locale") as Lang : profile.locale;
      if (fullName.length < 2 || fullName.length > 200) {
        return page({
          profile,
          details: { fullName, locale, errors: { full_name: t("profile.nameInvalid") } },
          passwordErrors: {},
        }, { status: 422 });
      }
      await updateProfile(db, claims, { fullName, locale });
      await refreshSessionName(c, fullName);
      return c.redirect("/profilo?aggiornato=dati", 303);
    }

    if (field("action") === "password") {
      const current = field("current_password");
      const next = field("new_password");
      const errors: FieldErrors = {};
      if (!current) errors.current_password = t("profile.currentMissing");
      const problem = passwordProblem(next, profile.email);
      if (problem) errors.new_password = t(problem as MessageKey);
      else if (next === current) errors.new_password = t("profile.samePassword");
      else if (next !== field("confirm_password")) errors.confirm_password = t("reset.mismatch");
      if (Object.keys(errors).length) {
        return page({ ...emptyForms(profile), profile, passwordErrors: errors }, { status: 422 });
      }
      const result = await changePassword(db, {
        userId: claims.sub,
        sessionId: claims.session_id ?? null,
        email: profile.email,
        current,
        next,
      });
      if (!result.ok) {
        const key = result.reason === "throttled" ? "profile.throttled" : "profile.currentWrong";
        return page(
          { ...emptyForms(profile), profile, passwordErrors: { current_password: t(key) } },
          { status: result.reason === "throttled" ? 429 : 422 },
        );
      }
      return c.redirect("/profilo?aggiornato=password", 303);
    }
    throw new HttpError(400, "Unknown form action");
  },
});

/** "Il tuo profilo": who you are for Piazza, your name and language, your password. */
export default define.page<Data>(function ProfilePage({ data, state }) {
  const { t } = state;
  const { profile, details, passwordErrors } = data;
  const roles = (state.claims?.app_metadata.roles ?? [])
    .map((r) => t(`role.${r}` as MessageKey)).join(", ");
  const nameInvalid = !!details.errors.full_name;
  return (
    <>
      <h1>{t("profile.title")}</h1>
      {data.notice && <Alert kind="success">{t(data.notice)}</Alert>}

      <section class="mb-5" aria-labelledby="account-title">
        <h2 id="account-title" class="h4">{t("profile.accountTitle")}</h2>
        <dl class="row">
          <dt class="col-sm-3">{t("profile.name")}</dt>
          <dd class="col-sm-9">{profile.full_name}</dd>
          <dt class="col-sm-3">{t("profile.email")}</dt>
          <dd class="col-sm-9">
            {profile.email}
            <br />
            <span class="small text-secondary">{t("profile.emailNote")}</span>
          </dd>
          <dt class="col-sm-3">{t("profile.tenant")}</dt>
          <dd class="col-sm-9">{profile.tenant_name ?? t("profile.noTenant")}</dd>
          <dt class="col-sm-3">{t("profile.roles")}</dt>
          <dd class="col-sm-9">{roles}</dd>
        </dl>
      </section>
      {state.claims?.app_metadata.tenant_id && (
        <PushOptIn lang={state.lang} csrf={state.csrfToken} />
      )}

      <div class="row">
        <section class="col-lg-6 mb-5" aria-labelledby="details-title">
          <h2 id="details-title" class="h4">{t("profile.editTitle")}</h2>
          <ErrorSummary state={state} errors={details.errors} level={3} />
          <form method="post" action="/profilo" class="mt-4" noValidate>
            <CsrfField state={state} />
            <input type="hidden" name="action" value="details" />
            <div class="form-group">
              <label for="full_name" class="active">{t("profile.name")}</label>
              <input
                type="text"
                id="full_name"
                name="full_name"
                class={`form-control${nameInvalid ? " is-invalid" : ""}`}
                autocomplete="name"
                required
                maxLength={200}
                value={details.fullName}
                aria-invalid={nameInvalid ? "true" : undefined}
                aria-describedby={describedBy("full_name", details.errors)}
              />
              <FieldError field="full_name" errors={details.errors} />
            </div>
            <div class="select-wrapper mb-4">
              <label for="locale">{t("profile.locale")}</label>
              <select id="locale" name="locale">
                <option value="it" lang="it" selected={details.locale === "it"}>Italiano</option>
                <option value="en" lang="en" selected={details.locale === "en"}>English</option>
              </select>
            </div>
            <button type="submit" class="btn btn-primary">{t("profile.save")}</button>
          </form>
        </section>

        <section class="col-lg-6 mb-5" aria-labelledby="password-title">
          <h2 id="password-title" class="h4">{t("profile.passwordTitle")}</h2>
          <p>{t("profile.passwordIntro")}</p>
          <ErrorSummary state={state} errors={passwordErrors} level={3} />
          <form method="post" action="/profilo" class="mt-4" noValidate>
            <CsrfField state={state} />
            <input type="hidden" name="action" value="password" />
            {/* Lets password managers tie the new password to the right account. */}
            <input
              type="email"
              name="username"
              value={profile.email}
              autocomplete="username"
              hidden
              readOnly
            />
            <PasswordField
              id="current_password"
              name="current_password"
              label={t("profile.currentPassword")}
              autocomplete="current-password"
              required
              showLabel={t("signIn.showPassword")}
              hideLabel={t("signIn.hidePassword")}
              invalid={!!passwordErrors.current_password}
              describedBy={describedBy("current_password", passwordErrors)}
            />
            <FieldError field="current_password" errors={passwordErrors} />
            <p id={PASSWORD_HINT} class="form-text mb-4">{t("reset.hint")}</p>
            <PasswordField
              id="new_password"
              name="new_password"
              label={t("reset.newPassword")}
              autocomplete="new-password"
              required
              showLabel={t("signIn.showPassword")}
              hideLabel={t("signIn.hidePassword")}
              invalid={!!passwordErrors.new_password}
              describedBy={describedBy("new_password", passwordErrors, PASSWORD_HINT)}
            />
            <FieldError field="new_password" errors={passwordErrors} />
            <PasswordField
              id="confirm_password"
              name="confirm_password"
              label={t("reset.confirm")}
              autocomplete="new-password"
              required
              showLabel={t("signIn.showPassword")}
              hideLabel={t("signIn.hidePassword")}
              invalid={!!passwordErrors.confirm_password}
              describedBy={describedBy("confirm_password", passwordErrors)}
            />
            <FieldError field="confirm_password" errors={passwordErrors} />
            <button type="submit" class="btn btn-primary">{t("profile.passwordSubmit")}</button>
          </form>
          <p class="mt-3">
            <a href="/password/recupera">{t("signIn.forgot")}</a>
          </p>
        </section>
      </div>
    </>
  );
});
