import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { enrollmentErrorOf } from "../../../../lib/enrollment/errors.ts";
import { postMessage } from "../../../../lib/enrollment/messages.ts";
import {
  channelLabel,
  COMMUNICATION_CHANNELS,
  isChannel,
  isReviewOutcome,
  itemsToCommunicate,
} from "../../../../lib/enrollment/review.ts";
import { communicateOutcomes, reviewItems } from "../../../../lib/enrollment/review_db.ts";
import {
  auditSpecialView,
  type Dossier,
  loadDossier,
} from "../../../../lib/enrollment/review_dossier.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { History } from "../(_components)/History.tsx";
import { ItemReview } from "../(_components)/ItemReview.tsx";
import { channelOfFiling, kindLabel, statusLabel } from "../(_components)/labels.ts";
import { Thread } from "../(_components)/Thread.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  dossier: Dossier;
  errors: FieldErrors;
  message: { oggetto: string; testo: string };
  notice: string | null;
}

const NOTICES: Record<string, [string, string]> = {
  esito: ["Esito registrato.", "Outcome recorded."],
  comunicato: ["Esiti comunicati alla famiglia.", "Outcomes communicated to the family."],
  messaggio: ["Messaggio inviato.", "Message sent."],
};

async function dossierOf(state: State, id: string, audit = false): Promise<Dossier> {
  if (!isUuid(id)) throw new HttpError(404, "Domanda non trovata");
  const d = await state.db.asUser(state.claims!, async (tx) => {
    const d = await loadDossier(tx, id);
    if (d && audit) await auditSpecialView(tx, d);
    return d;
  });
  if (!d) throw new HttpError(404, "Domanda non trovata");
  return d;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const dossier = await dossierOf(state, c.req.param("id")!, true);
    const n = NOTICES[c.req.query("fatto") ?? ""];
    return page({
      dossier,
      errors: {},
      message: { oggetto: "", testo: "" },
      notice: n ? (state.lang === "it" ? n[0] : n[1]) : null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    await dossierOf(state, id);
    const form = await c.req.formData();
    const get = (k: string) => String(form.get(k) ?? "");
    const action = get("_action");
    const message = { oggetto: get("oggetto"), testo: get("testo") };
    const errors: FieldErrors = {};
    let done = "";
    try {
      await state.db.asUser(state.claims!, async (tx) => {
        if (action === "review") {
          const item = get("item");
          if (!isReviewOutcome(get("esito"))) {
            errors[`esito-${item}`] = state.tr("Scegli l'esito.", "Choose the outcome.");
            return;
          }
          await reviewItems(tx, id, [{
            item_id: item,
            outcome: get("esito") as never,
            reason: get("motivo"),
            notes: get("note"),
          }], state.claims!.sub);
          done = "esito";
        } else if (action === "communicate") {
          if (!isChannel(get("canale"))) {
            errors.canale = state.tr("Scegli il canale.", "Choose the channel.");
            return;
          }
          await communicateOutcomes(tx, id, get("canale") as never, state.claims!.sub);
          done = "comunicato";
        } else if (action === "message") {
          await postMessage(tx, id, {
            subject: message.oggetto,
            body: message.testo,
            email: get("email") === "1",
          }, state.claims!.sub);
          done = "messaggio";
        } else throw new HttpError(400, "Unknown action");
      });
    } catch (e) {
      const err = enrollmentErrorOf(e);
      if (!err) throw e;
      const field = (path: string) => {
        const [head, itemId, f] = path.split(".");
        if (head === "items" && itemId) {
          return `${f === "reason" ? "motivo" : f === "notes" ? "note" : "esito"}-${itemId}`;
        }
        if (head === "subject") return "oggetto";
        if (head === "body") return "testo";
        if (head === "email" || head === "channel") {
          return action === "message" ? "email" : "canale";
        }
        return action === "review" ? `esito-${get("item")}` : "canale";
      };
      if (err.problems.length === 0) errors[field("")] = err[state.lang];
      for (const p of err.problems) errors[field(p.path)] = state.lang === "it" ? p.it : p.en;
    }
    if (Object.keys(errors).length === 0) {
      return c.redirect(`/operatore/domande/${id}?fatto=${done}`, 303);
    }
    const dossier = await dossierOf(state, id);
    return page({ dossier, errors, message, notice: null }, { status: 422 });
  },
});

function Declared({ state, d }: { state: State; d: Dossier }) {
  const { tr } = state;
  const a = d.application;
  const ap = a.applicant as Record<string, string | boolean | undefined>;
  const rows: [string, string][] = [
    [tr("Protocollo", "Protocol"), a.protocol_number ?? tr("(bozza)", "(draft)")],
    [
      tr("Ricevuta il", "Received"),
      a.submitted_at ? formatDateTime(state.lang, a.submitted_at) : "—",
    ],
    [tr("Stato", "Status"), statusLabel(state, a.status)],
    [tr("Anno scolastico", "School year"), a.school_year_label],
    [tr("Tipo di domanda", "Request type"), kindLabel(state, a.kind)],
    [tr("Canale", "Channel"), channelOfFiling(state, a.channel)],
    [tr("Richiedente", "Applicant"), `${ap.surname ?? ""} ${ap.name ?? ""}`.trim()],
    [tr("Codice fiscale", "Tax code"), String(ap.tax_code ?? "—")],
    [tr("E-mail", "E-mail"), String(ap.email ?? "—")],
    [tr("Cellulare", "Mobile"), String(ap.mobile ?? "—")],
    [tr("Indirizzo", "Address"), String(ap.address ?? "—")],
    [tr("Residente", "Resident"), ap.resident === false ? tr("No", "No") : tr("Sì", "Yes")],
    [
      tr("Dichiarazioni accettate", "Declarations accepted"),
      Object.entries(a.declarations).map(([k, v]) =>
        `${k} (${formatDateTime(state.lang, String(v))})`
      ).join(", ") || "—",
    ],
  ];
  if (a.withdrawn_at) {
    rows.push([
      tr("Ritirata il", "Withdrawn"),
      `${formatDateTime(state.lang, a.withdrawn_at)}: ${a.withdrawal_reason ?? ""}`,
    ]);
  }
  return (
    <dl class="row">
      {rows.map(([k, v]) => [
        <dt class="col-sm-4" key={`${k}-t`}>{k}</dt>,
        <dd class="col-sm-8" key={`${k}-d`}>{v}</dd>,
      ])}
    </dl>
  );
}

/** One application: declared data, the review of each item, communication, messages, history. */
export default define.page<Data>(function ApplicationPage({ data, state }) {
  const { tr } = state;
  const d = data.dossier;
  const a = d.application;
  const base = `/operatore/domande/${a.id}`;
  const editable = a.status === "submitted";
  const toTell = itemsToCommunicate(d.items);
  const hasEmail = !!(a.applicant as { email?: string }).email;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Domande", "Applications"), "/operatore/domande"], [
          a.protocol_number ?? tr("Bozza", "Draft"),
        ]]}
      />
      <h1>
        {tr("Domanda", "Application")} {a.protocol_number ?? tr("(bozza)", "(draft)")}
      </h1>
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      <ErrorSummary state={state} errors={data.errors} />
      <h2 class="h3">{tr("Dati dichiarati", "Declared data")}</h2>
      <Declared state={state} d={d} />
      <h2 class="h3 mt-4">
        {tr("Bambini e servizi richiesti", "Children and services requested")}
      </h2>
      {d.items.map((item, i) => (
        <ItemReview
          key={item.id}
          state={state}
          item={item}
          index={i}
          docs={d.documents.filter((doc) => doc.item_id === item.id)}
          base={base}
          errors={data.errors}
          editable={editable}
        />
      ))}
      {d.documents.some((doc) => !doc.item_id) && (
        <ul>
          {d.documents.filter((doc) => !doc.item_id).map((doc) => (
            <li key={doc.id}>
              <a href={`${base}/documenti/${doc.id}`}>{doc.file_name}</a>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <section aria-labelledby="comunica-h" class="mb-5">
          <h2 class="h3" id="comunica-h">{tr("Comunica l'esito", "Communicate the outcome")}</h2>
          {toTell.length === 0
            ? (
              <p>
                {tr(
                  "Non ci sono esiti da comunicare: ogni esito deciso è già stato comunicato.",
                  "There is nothing to communicate: every outcome decided has been communicated.",
                )}
              </p>
            )
            : (
              <form method="post" action={base}>
                <CsrfField state={state} />
                <input type="hidden" name="_action" value="communicate" />
                <p>
                  {tr(
                    `Da comunicare: ${toTell.length} esiti. Si registrano data, ora e canale; la famiglia riceve il messaggio sul portale${
                      hasEmail ? " e, per e-mail, all'indirizzo del richiedente" : ""
                    }.`,
                    `To communicate: ${toTell.length} outcomes. Date, time and channel are recorded; the family gets the message on the portal${
                      hasEmail ? " and, by e-mail, at the applicant's address" : ""
                    }.`,
                  )}
                </p>
                <div class="select-wrapper mb-4">
                  <label for="canale">{tr("Canale", "Channel")}</label>
                  <select
                    id="canale"
                    name="canale"
                    aria-invalid={data.errors.canale ? "true" : undefined}
                    aria-describedby={data.errors.canale ? "canale-error" : undefined}
                  >
                    {COMMUNICATION_CHANNELS.map((ch) => (
                      <option value={ch} key={ch} selected={ch === (hasEmail ? "email" : "portal")}>
                        {channelLabel(ch, state.lang)}
                      </option>
                    ))}
                  </select>
                  {data.errors.canale && (
                    <div class="invalid-feedback d-block" id="canale-error">
                      {data.errors.canale}
                    </div>
                  )}
                </div>
                <button type="submit" class="btn btn-primary">
                  {tr("Comunica l'esito", "Communicate the outcome")}
                </button>
              </form>
            )}
        </section>
      )}
      <section aria-labelledby="messaggi-h" class="mb-5">
        <h2 class="h3" id="messaggi-h">{tr("Messaggi", "Messages")}</h2>
        <Thread
          state={state}
          messages={d.messages}
          base={base}
          errors={data.errors}
          values={data.message}
          hasEmail={hasEmail}
        />
      </section>
      <section aria-labelledby="storia-h">
        <h2 class="h3" id="storia-h">{tr("Cronologia", "History")}</h2>
        <History state={state} entries={d.history} />
      </section>
    </>
  );
});
