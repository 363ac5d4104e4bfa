import type { State } from "../lib/http/define.ts";
import type { MessageKey } from "../lib/i18n/mod.ts";
import { formatDate } from "../lib/i18n/mod.ts";

/** The greeting every home starts with: who you are, for which Ente, in which role, today's date. */
export function RoleSummary({ state, title }: { state: State; title: string }) {
  const { t, claims, lang } = state;
  if (!claims) return null;
  const roles = claims.app_metadata.roles.map((r) => t(`role.${r}` as MessageKey)).join(", ");
  return (
    <div class="mb-4">
      <h1>{title}</h1>
      <p class="lead mb-1">
        {t("home.welcome", { name: claims.user_metadata?.full_name ?? claims.email ?? "" })}
      </p>
      <dl class="row small mb-0">
        {claims.user_metadata?.tenant_name && (
          <>
            <dt class="col-sm-2">{t("home.tenant")}</dt>
            <dd class="col-sm-10 mb-0">{claims.user_metadata.tenant_name}</dd>
          </>
        )}
        <dt class="col-sm-2">{t("home.role")}</dt>
        <dd class="col-sm-10 mb-0">{roles}</dd>
      </dl>
      <p class="text-secondary small mt-2">
        {t("home.today", { date: formatDate(lang, new Date()) })}
      </p>
    </div>
  );
}
