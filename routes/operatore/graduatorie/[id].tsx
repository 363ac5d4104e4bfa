import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { define, HttpError, page, type State } from "../../../lib/http/define.ts";
import { formatDate, formatDateTime } from "../../../lib/i18n/mod.ts";
import { maxScore } from "../../../lib/rankings/criteria.ts";
import { RankingError } from "../../../lib/rankings/errors.ts";
import { ENTRY_STATE_LABELS, STATUS_LABELS } from "../../../lib/rankings/labels.ts";
import { processOffers } from "../../../lib/rankings/offers.ts";
import {
  type Entry,
  finalizeRanking,
  getRanking,
  publishRanking,
  type Ranking,
  rankingEntries,
  setPlaces,
} from "../../../lib/rankings/rankings.ts";

interface Data {
  ranking: Ranking;
  entries: Entry[];
  notice: string | null;
  error: string | null;
}

const notFound = () => new HttpError(404, "No such ranking", { code: "not_found" });
const NOTICES = ["calcolata", "definitiva", "pubblicata", "posti", "elaborate"] as const;

async function load(state: State, id: string, process: boolean) {
  return await state.db.asUser(state.claims!, async (tx) => {
    const head = await getRanking(tx, id);
    if (!head) return null;
    // Opening the page processes overdue offers: no cron needed for scorrimento.
    if (process && head.status === "published") await processOffers(tx, id);
    return { ranking: (await getRanking(tx, id))!, entries: await rankingEntries(tx, id) };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const r = await load(state, c.req.param("id")!, true);
    if (!r) throw notFound();
    const notice = NOTICES.find((n) => c.req.query(n) !== undefined) ?? null;
    return page({ ...r, notice, error: null });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const form = await c.req.parseBody();
    const action = String(form.action ?? "");
    const claims = state.claims!;
    try {
      let done: string;
      if (action === "finalize") {
        await state.db.asUser(claims, (tx) => finalizeRanking(tx, id));
        done = "definitiva";
      } else if (action === "publish") {
        await state.db.asUser(claims, (tx) => publishRanking(tx, id, claims.sub));
        done = "pubblicata";
      } else if (action === "process") {
        await state.db.asUser(claims, (tx) => processOffers(tx, id));
        done = "elaborate";
      } else if (action === "places") {
        const raw = String(form.places ?? "").trim();
        if (!/^\d{1,5}$/.test(raw) || Number(raw) > 10000) {
          throw new RankingError(
            "invalid",
            "Il numero di posti deve essere un numero intero da 0 a 10000.",
            "Places must be a whole number from 0 to 10000.",
          );
        }
        await state.db.asUser(claims, (tx) => setPlaces(tx, id, Number(raw)));
        done = "posti";
      } else {
        throw new HttpError(400, "Unknown action", { code: "bad_request" });
      }
      return c.redirect(`/operatore/graduatorie/${id}?${done}=1`, 303);
    } catch (e) {
      if (!(e instanceof RankingError)) throw e;
      if (e.code === "not_found") throw notFound();
      const r = await load(state, id, false);
      if (!r) throw notFound();
      return page({ ...r, notice: null, error: state.lang === "en" ? e.en : e.it }, {
        status: e.status,
      });
    }
  },
});

function noticeText(state: State, n: string | null) {
  const tr = state.tr;
  switch (n) {
    case "calcolata":
      return tr("Graduatoria provvisoria calcolata.", "Provisional ranking computed.");
    case "definitiva":
      return tr("La graduatoria è definitiva.", "The ranking is final.");
    case "pubblicata":
      return tr(
        "Graduatoria pubblicata: i posti sono stati offerti alle famiglie ammesse, con e-mail e messaggio.",
        "Ranking published: places were offered to the admitted families, by e-mail and message.",
      );
    case "posti":
      return tr("Posti aggiornati.", "Places updated.");
    case "elaborate":
      return tr(
        "Offerte elaborate: quelle scadute sono chiuse e i posti liberi offerti.",
        "Offers processed: expired ones closed and free places offered.",
      );
    default:
      return null;
  }
}

function Actions({ state, r }: { state: State; r: Ranking }) {
  const tr = state.tr;
  const button = (action: string, label: string, kind = "primary") => (
    <form method="post" class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={`btn btn-${kind}`}>{label}</button>
    </form>
  );
  return (
    <div class="d-flex flex-wrap gap-3 align-items-end mb-4">
      {r.status === "provisional" &&
        button("finalize", tr("Rendi definitiva", "Make final"))}
      {r.status === "final" && button("publish", tr("Pubblica", "Publish"))}
      {r.status === "published" &&
        button(
          "process",
          tr("Elabora offerte scadute", "Process expired offers"),
          "outline-primary",
        )}
      <form method="post" class="d-flex gap-2 align-items-end">
        <CsrfField state={state} />
        <input type="hidden" name="action" value="places" />
        <div>
          <label for="places" class="form-label mb-0">{tr("Posti disponibili", "Places")}</label>
          <input
            id="places"
            name="places"
            type="text"
            inputMode="numeric"
            size={6}
            class="form-control"
            value={String(r.places)}
          />
        </div>
        <button type="submit" class="btn btn-outline-primary">
          {tr("Aggiorna posti", "Update places")}
        </button>
      </form>
    </div>
  );
}

/** One ranking: its entries with each score's breakdown, the offers, and the next step. */
export default define.page<Data>(function RankingPage({ data, state }) {
  const tr = state.tr;
  const r = data.ranking;
  const status = STATUS_LABELS[r.status];
  const notice = noticeText(state, data.notice);
  const max = maxScore(r.rules);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Graduatorie", "Rankings"), "/operatore/graduatorie"], [
          `${r.service_title} ${r.school_year_label}`,
        ]]}
      />
      <h1>{tr("Graduatoria", "Ranking")}: {r.service_title} {r.school_year_label}</h1>
      {notice && <Alert kind="success">{notice}</Alert>}
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      <dl class="row">
        <dt class="col-sm-3">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">{tr(status.it, status.en)}</dd>
        <dt class="col-sm-3">{tr("Posti", "Places")}</dt>
        <dd class="col-sm-9">{r.places}</dd>
        <dt class="col-sm-3">{tr("Calcolata il", "Computed on")}</dt>
        <dd class="col-sm-9">{formatDateTime(state.lang, r.computed_at)}</dd>
        <dt class="col-sm-3">{tr("Età calcolata al", "Ages counted at")}</dt>
        <dd class="col-sm-9">{formatDate(state.lang, r.reference_date)}</dd>
        {r.published_at && (
          <>
            <dt class="col-sm-3">{tr("Pubblicata il", "Published on")}</dt>
            <dd class="col-sm-9">
              {formatDateTime(state.lang, r.published_at)} —{" "}
              <a href={`/graduatorie/${r.id}`}>{tr("pagina pubblica", "public page")}</a>
            </dd>
          </>
        )}
      </dl>
      <Actions state={state} r={r} />
      {data.entries.length === 0
        ? (
          <p>
            {tr(
              "Nessuna domanda inviata per questo servizio e anno.",
              "No submitted applications for this service and year.",
            )}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table table-sm">
              <caption>
                {tr(
                  `Domande in ordine di posizione (punteggio massimo ${max})`,
                  `Applications by position (highest possible score ${max})`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="text-end">{tr("Pos.", "Pos.")}</th>
                  <th scope="col">{tr("Protocollo", "Protocol")}</th>
                  <th scope="col">{tr("Bambina o bambino", "Child")}</th>
                  <th scope="col" class="text-end">{tr("Punti", "Score")}</th>
                  <th scope="col">{tr("Dettaglio del punteggio", "Score breakdown")}</th>
                  <th scope="col">{tr("Stato", "State")}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => {
                  const st = ENTRY_STATE_LABELS[e.state];
                  return (
                    <tr key={e.id}>
                      <td class="text-end">{e.position}</td>
                      <td>{e.protocol_number}</td>
                      <th scope="row">
                        {e.child_name}
                        {e.group === "non_resident" && (
                          <span class="d-block small">{tr("non residente", "non-resident")}</span>
                        )}
                      </th>
                      <td class="text-end">{e.score}</td>
                      <td>
                        <ul class="list-unstyled small mb-0">
                          {e.breakdown.filter((l) => l.points > 0).map((l) => (
                            <li key={l.code}>{l.label}: {l.points} ({l.detail})</li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {tr(st.it, st.en)}
                        {e.state === "offered" && e.offer_deadline && (
                          <span class="d-block small">
                            {tr("entro", "by")} {formatDateTime(state.lang, e.offer_deadline)}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
