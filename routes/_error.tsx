import type { ErrorProps } from "../lib/http/define.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { homeFor } from "../lib/auth/sessions.ts";

const KNOWN = new Set([400, 403, 404, 405, 413, 500]);

/** Every error a person sees, in the site's look: what happened and where to go next. */
export default function ErrorPage({ status, state, message }: ErrorProps) {
  const { t } = state;
  const key = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  const home = state.claims ? homeFor(state.claims.app_metadata.roles) : "/";
  const csrf = status === 403 && message?.startsWith("CSRF");
  return (
    <div class="row justify-content-center">
      <div class="col-lg-8">
        <p class="text-secondary mb-1">{state.tr("Errore", "Error")} {status}</p>
        <h1>{t(`error.${key}.title` as MessageKey)}</h1>
        <p class="lead">{csrf ? t("form.csrf") : t(`error.${key}.text` as MessageKey)}</p>
        <a class="btn btn-primary" href={home}>{t("error.back")}</a>
      </div>
    </div>
  );
}
