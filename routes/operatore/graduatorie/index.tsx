import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { RankingError } from "../../../lib/rankings/errors.ts";
import { STATUS_LABELS } from "../../../lib/rankings/labels.ts";
import {
  computeRanking,
  type RankableService,
  rankableServices,
} from "../../../lib/rankings/rankings.ts";

interface Data {
  rows: RankableService[];
  error: { key: string; text: string } | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page({ rows: await db.asUser(claims!, (tx) => rankableServices(tx)), error: null });
  },
  /** Computes the provisional ranking of one service and year. */
  async POST(c) {
    const state = c.get("state");
    const form = await c.req.parseBody();
    const serviceId = String(form.service_id ?? "");
    const yearId = String(form.school_year_id ?? "");
    const key = `${serviceId}:${yearId}`;
    const rawPlaces = String(form.places ?? "").trim();
    const fail = async (text: string, status: number) => {
      const rows = await state.db.asUser(state.claims!, (tx) => rankableServices(tx));
      return page({ rows, error: { key, text } }, { status });
    };
    if (rawPlaces !== "" && !/^\d{1,5}$/.test(rawPlaces)) {
      return await fail(
        state.tr(
          "Il numero di posti deve essere un numero intero da 0 a 10000.",
          "Places must be a whole number from 0 to 10000.",
        ),
        422,
      );
    }
    try {
      const id = await state.db.asUser(state.claims!, (tx) =>
        computeRanking(tx, {
          serviceId,
          yearId,
          places: rawPlaces === "" ? null : Math.min(10000, Number(rawPlaces)),
          userId: state.claims!.sub,
        }));
      return c.redirect(`/operatore/graduatorie/${id}?calcolata=1`, 303);
    } catch (e) {
      if (!(e instanceof RankingError)) throw e;
      return await fail(state.lang === "en" ? e.en : e.it, e.status);
    }
  },
});

function Row({ state, r, error }: { state: State; r: RankableService; error: Data["error"] }) {
  const tr = state.tr;
  const key = `${r.service_id}:${r.school_year_id}`;
  const id = `places-${r.service_id.slice(0, 8)}-${r.school_year_id.slice(0, 8)}`;
  const err = error?.key === key ? error.text : null;
  const criteria =
    `/operatore/graduatorie/criteri?servizio=${r.service_id}&anno=${r.school_year_id}`;
  const status = r.ranking_status ? STATUS_LABELS[r.ranking_status] : null;
  return (
    <tr>
      <th scope="row">{r.service_title}</th>
      <td>{r.school_year_label}</td>
      <td class="text-end">{r.applications}</td>
      <td>
        <a href={criteria}>
          {r.has_rules ? tr("Modifica criteri", "Edit criteria") : tr("Configura", "Configure")}
          <span class="visually-hidden">: {r.service_title} {r.school_year_label}</span>
        </a>
      </td>
      <td>
        {r.ranking_id && status
          ? (
            <a href={`/operatore/graduatorie/${r.ranking_id}`}>
              {tr(status.it, status.en)}
              <span class="visually-hidden">: {r.service_title} {r.school_year_label}</span>
            </a>
          )
          : tr("Non calcolata", "Not computed")}
      </td>
      <td>
        {r.has_rules && r.ranking_status !== "final" && r.ranking_status !== "published" && (
          <form method="post" class="d-flex flex-wrap align-items-end gap-2">
            <CsrfField state={state} />
            <input type="hidden" name="service_id" value={r.service_id} />
            <input type="hidden" name="school_year_id" value={r.school_year_id} />
            <div>
              <label for={id} class="form-label small mb-0">{tr("Posti", "Places")}</label>
              <input
                id={id}
                name="places"
                type="text"
                inputMode="numeric"
                class={`form-control form-control-sm${err ? " is-invalid" : ""}`}
                size={5}
                placeholder={r.default_places === null ? "" : String(r.default_places)}
                aria-invalid={err ? "true" : undefined}
                aria-describedby={err ? `${id}-error` : undefined}
              />
            </div>
            <button type="submit" class="btn btn-primary btn-sm">
              {r.ranking_id ? tr("Ricalcola", "Recompute") : tr("Calcola", "Compute")}
              <span class="visually-hidden">: {r.service_title} {r.school_year_label}</span>
            </button>
            {err && <div id={`${id}-error`} class="invalid-feedback d-block">{err}</div>}
          </form>
        )}
      </td>
    </tr>
  );
}

/** Services with limited places by school year: their criteria and rankings. */
export default define.page<Data>(function Rankings({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Graduatorie", "Rankings")]]} />
      <h1>{tr("Graduatorie", "Rankings")}</h1>
      <p class="lead">
        {tr(
          "Per i servizi a posti limitati (come l'asilo nido): configura i criteri, calcola la graduatoria provvisoria dalle domande inviate, rendila definitiva e pubblicala. Dopo la pubblicazione i posti liberi scorrono la lista d'attesa.",
          "For services with limited places (such as the nursery): configure the criteria, compute the provisional ranking from submitted applications, make it final and publish it. After publication free places scroll the waiting list.",
        )}
      </p>
      {data.error && <Alert kind="danger">{data.error.text}</Alert>}
      {data.rows.length === 0
        ? <p>{tr("Nessun servizio a posti limitati.", "No services with limited places.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(
                  "Servizi a posti limitati per anno scolastico. Lascia vuoto «Posti» per usare la capienza dei plessi.",
                  "Services with limited places by school year. Leave “Places” empty to use the sites' capacity.",
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Servizio", "Service")}</th>
                  <th scope="col">{tr("Anno", "Year")}</th>
                  <th scope="col" class="text-end">{tr("Domande", "Applications")}</th>
                  <th scope="col">{tr("Criteri", "Criteria")}</th>
                  <th scope="col">{tr("Graduatoria", "Ranking")}</th>
                  <th scope="col">{tr("Calcolo", "Compute")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <Row
                    key={`${r.service_id}${r.school_year_id}`}
                    state={state}
                    r={r}
                    error={data.error}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
