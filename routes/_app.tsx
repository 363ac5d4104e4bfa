import { Footer } from "../components/Footer.tsx";
import { Header } from "../components/Header.tsx";
import { BOOTSTRAP_ITALIA_VERSION } from "../lib/app.ts";
import type { LayoutProps } from "../lib/http/define.ts";
import { tenantLogoUrl } from "../lib/storage/logo.ts";

const VENDOR = `/static/vendor/bootstrap-italia@${BOOTSTRAP_ITALIA_VERSION}`;

/** The HTML document around every page. */
export default function App({ Component, state, url }: LayoutProps) {
  const { t, lang } = state;
  const title = [state.title, state.claims?.user_metadata?.tenant_name, t("app.name")]
    .filter(Boolean).join(" – ");
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={`${VENDOR}/css/bootstrap-italia.min.css`} />
        <link rel="stylesheet" href={`${VENDOR}/css/fonts.css`} />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src={`${VENDOR}/js/bootstrap-italia.bundle.min.js`} defer></script>
      </head>
      <body>
        <div class="skiplink">
          <a class="visually-hidden-focusable" href="#main">{t("nav.skip")}</a>
        </div>
        <Header
          state={state}
          url={url}
          logoUrl={tenantLogoUrl(state.db, state.claims?.app_metadata.tenant_id)}
        />
        <main id="main" class="container my-4 my-lg-5" tabIndex={-1}>
          <Component />
        </main>
        <Footer state={state} />
      </body>
    </html>
  );
}
