import { homeFor } from "../lib/auth/sessions.ts";
import { define, page } from "../lib/http/define.ts";

export const handler = define.handlers({
  GET(c) {
    const { claims } = c.get("state");
    if (claims) return c.redirect(homeFor(claims.app_metadata.roles), 302);
    return page(null);
  },
});

/** The public front door: what Piazza is for, and the way in. */
export default define.page(function Home({ state }) {
  return (
    <div class="row">
      <div class="col-lg-8">
        <h1>{state.tr("Servizi scolastici online", "School services online")}</h1>
        <p class="lead">
          {state.tr(
            "Mensa, trasporto scolastico, asilo nido, pre e post scuola, centri estivi: iscrizioni, presenze, pagamenti pagoPA e comunicazioni del Comune in un unico posto.",
            "Canteen, school transport, nursery, before and after school, summer camps: enrollment, attendance, pagoPA payments and messages from the Comune in one place.",
          )}
        </p>
        <a class="btn btn-primary btn-lg" href="/accedi">{state.t("nav.signIn")}</a>
      </div>
    </div>
  );
});
