import { Alert } from "../../components/Alert.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../components/FormErrors.tsx";
import { requestPasswordReset } from "../../lib/auth/password_reset.ts";
import { define, page } from "../../lib/http/define.ts";

interface Data {
  email: string;
  errors: FieldErrors;
  /** The request was accepted: the same confirmation whatever the address. */
  done: boolean;
}

/** The same shape the `users.email` check accepts, and no longer than an address can be. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const handler = define.handlers<Data>({
  GET() {
    return page({ email: "", errors: {}, done: false });
  },
  async POST(c) {
    const { db, config, t } = c.get("state");
    const form = await c.req.parseBody();
    const email = typeof form.email === "string" ? form.email.trim() : "";
    const problem = !email
      ? t("reset.emailMissing")
      : email.length > 254 || !EMAIL.test(email)
      ? t("reset.emailInvalid")
      : null;
    if (problem) return page({ email, errors: { email: problem }, done: false }, { status: 422 });
    await requestPasswordReset(db, email, config.publicUrl, (link) => ({
      subject: t("reset.mailSubject"),
      body: t("reset.mailBody", { link }),
    }));
    return page({ email: "", errors: {}, done: true });
  },
});

/** "Forgot your password?": asks for the e-mail and never tells whether it has an account. */
export default define.page<Data>(function RequestReset({ data, state }) {
  const { t } = state;
  const invalid = !!data.errors.email;
  return (
    <div class="row justify-content-center">
      <div class="col-md-8 col-lg-6">
        <h1>{t("reset.requestTitle")}</h1>
        {data.done
          ? (
            <>
              <Alert kind="success">{t("reset.requestDone")}</Alert>
              <p class="mt-4">
                <a href="/accedi">{t("reset.backToSignIn")}</a>
              </p>
            </>
          )
          : (
            <>
              <p class="lead">{t("reset.requestIntro")}</p>
              <ErrorSummary state={state} errors={data.errors} />
              <form method="post" action="/password/recupera" class="mt-4" noValidate>
                <CsrfField state={state} />
                <div class="form-group">
                  <label for="email" class="active">{t("signIn.email")}</label>
                  <input
                    type="email"
                    id="email"
                    name="email"
                    class={`form-control${invalid ? " is-invalid" : ""}`}
                    autocomplete="email"
                    required
                    value={data.email}
                    aria-invalid={invalid ? "true" : undefined}
                    aria-describedby={describedBy("email", data.errors)}
                  />
                  <FieldError field="email" errors={data.errors} />
                </div>
                <button type="submit" class="btn btn-primary btn-lg w-100">
                  {t("reset.requestSubmit")}
                </button>
              </form>
              <p class="mt-3">
                <a href="/accedi">{t("reset.backToSignIn")}</a>
              </p>
            </>
          )}
      </div>
    </div>
  );
});
