import type { State } from "../lib/http/define.ts";

export function Footer({ state }: { state: State }) {
  const { t } = state;
  return (
    <footer class="it-footer">
      <div class="it-footer-main">
        <div class="container">
          <div class="row">
            <div class="col-12 py-4">
              <p class="h4 text-white mb-1">
                {state.claims?.user_metadata?.tenant_name ?? t("app.name")}
              </p>
              <p class="text-white mb-0">{t("footer.poweredBy")}</p>
            </div>
          </div>
        </div>
      </div>
      <div class="it-footer-small-prints clearfix">
        <div class="container">
          <ul class="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
            <li class="list-inline-item">
              <a href="/note-legali">{t("footer.legal")}</a>
            </li>
            <li class="list-inline-item">
              <a href="/privacy">{t("footer.privacy")}</a>
            </li>
            <li class="list-inline-item">
              <a href="/accessibilita">{t("footer.accessibility")}</a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}
