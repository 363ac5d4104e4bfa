import { Alert } from "../../../components/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { OFFER_STATE_LABELS } from "../../../components/family/PlaceOffers.tsx";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { RankingError } from "../../../lib/rankings/errors.ts";
import {
  getOffer,
  type PlaceOffer,
  readAnswer,
  respondOffer,
} from "../../../lib/rankings/offers.ts";

interface Data {
  offer: PlaceOffer;
  error: string | null;
  notice: "accepted" | "declined" | "expired" | null;
}

const notFound = () => new HttpError(404, "No such offer", { code: "not_found" });
const NOTICES = ["accepted", "declined", "expired"] as const;

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const offer = await db.asUser(claims!, (tx) => getOffer(tx, c.req.param("id")!));
    if (!offer) throw notFound();
    const notice = NOTICES.find((n) => n === c.req.query("esito")) ?? null;
    return page({ offer, error: null, notice });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const form = await c.req.parseBody();
    try {
      const accept = readAnswer(form.answer);
      const outcome = await state.db.asUser(state.claims!, async (tx) => {
        if (!await getOffer(tx, id)) throw notFound();
        return await respondOffer(tx, id, accept);
      });
      return c.redirect(`/famiglie/offerte/${id}?esito=${outcome}`, 303);
    } catch (e) {
      if (!(e instanceof RankingError)) throw e;
      if (e.code === "not_found") throw notFound();
      const offer = await state.db.asUser(state.claims!, (tx) => getOffer(tx, id));
      if (!offer) throw notFound();
      return page({ offer, error: e[state.lang === "en" ? "en" : "it"], notice: null }, {
        status: e.status,
      });
    }
  },
});

/** One place offer: the family accepts or declines it before the deadline. */
export default define.page<Data>(function PlaceOfferPage({ data, state }) {
  const tr = state.tr;
  const o = data.offer;
  const label = OFFER_STATE_LABELS[o.state] ?? OFFER_STATE_LABELS.waiting;
  const notices = {
    accepted: tr(
      "Hai accettato il posto. L'ufficio ti contatterà per l'inizio della frequenza.",
      "You accepted the place. The office will contact you about the start.",
    ),
    declined: tr(
      "Hai rifiutato il posto: è stato offerto alla domanda successiva.",
      "You declined the place: it was offered to the next application.",
    ),
    expired: tr(
      "Il termine per rispondere era scaduto: il posto è passato alla domanda successiva.",
      "The deadline had passed: the place went to the next application.",
    ),
  };
  return (
    <>
      <nav class="breadcrumb-container" aria-label={tr("Percorso di navigazione", "Breadcrumb")}>
        <ol class="breadcrumb">
          <li class="breadcrumb-item">
            <a href="/famiglie">{tr("Servizi online", "Online services")}</a>
            <span class="separator">/</span>
          </li>
          <li class="breadcrumb-item active" aria-current="page">
            {tr("Offerta di posto", "Place offer")}
          </li>
        </ol>
      </nav>
      <h1>{tr("Offerta di posto", "Place offer")}: {o.service_title}</h1>
      {data.notice && (
        <Alert kind={data.notice === "expired" ? "warning" : "success"}>
          {notices[data.notice]}
        </Alert>
      )}
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      <dl class="row">
        <dt class="col-sm-4">{tr("Bambina o bambino", "Child")}</dt>
        <dd class="col-sm-8">{o.child_name}</dd>
        <dt class="col-sm-4">{tr("Anno educativo", "School year")}</dt>
        <dd class="col-sm-8">{o.school_year_label}</dd>
        <dt class="col-sm-4">{tr("Protocollo della domanda", "Application protocol")}</dt>
        <dd class="col-sm-8">{o.protocol_number}</dd>
        <dt class="col-sm-4">{tr("Posizione e punteggio", "Position and score")}</dt>
        <dd class="col-sm-8">{o.position} · {o.score} {tr("punti", "points")}</dd>
        <dt class="col-sm-4">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-8">{tr(label.it, label.en)}</dd>
        {o.offer_deadline && (
          <>
            <dt class="col-sm-4">{tr("Rispondere entro", "Answer by")}</dt>
            <dd class="col-sm-8">{formatDateTime(state.lang, o.offer_deadline)}</dd>
          </>
        )}
      </dl>
      {o.state === "offered" && (
        <form method="post" class="d-flex flex-wrap gap-2">
          <CsrfField state={state} />
          <button type="submit" name="answer" value="accept" class="btn btn-primary">
            {tr("Accetto il posto", "I accept the place")}
          </button>
          <button type="submit" name="answer" value="decline" class="btn btn-outline-danger">
            {tr("Rinuncio al posto", "I decline the place")}
          </button>
        </form>
      )}
      <p class="mt-4">
        <a href={`/graduatorie/${o.ranking_id}`}>
          {tr("Vedi la graduatoria pubblicata", "See the published ranking")}
        </a>
      </p>
    </>
  );
});
