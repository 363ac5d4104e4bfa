import { Alert } from "../../../components/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  applyCancellations,
  CANCEL_ACTIONS,
  type CancelAction,
} from "../../../lib/attendance/cancel.ts";
import { type BoardPage, loadBoardPage } from "../../../lib/attendance/meal_counts_http.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";

interface Row {
  enrollment_id: string;
  child: string;
  site: string | null;
  class: string | null;
  status: string;
  meal: string | null;
  after_cutoff: boolean;
}

interface Data extends BoardPage {
  rows: Row[];
  message: { ok: boolean; text: string } | null;
}

type C = Parameters<NonNullable<Parameters<typeof define.handlers>[0]["GET"]>>[0];

async function load(c: C, service?: string, day?: string) {
  const base = await loadBoardPage(c, { serviceRoom: false, service, day });
  if (!base.board) return { ...base, rows: [] };
  const { db, claims } = c.get("state");
  const rows = await db.asUser(claims!, (tx) =>
    tx.query<Row>(
      `select a.enrollment_id, p.surname || ' ' || p.name as child, st.name as site,
              cl.name as class, a.status, a.meal, a.after_cutoff
         from app.effective_attendance($1, $2, $2) a
         join public.enrollments e on e.tenant_id = a.tenant_id and e.id = a.enrollment_id
         join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
         left join public.sites st on st.tenant_id = a.tenant_id and st.id = a.site_id
         left join public.classes cl on cl.tenant_id = a.tenant_id and cl.id = a.class_id
        order by st.name, cl.name, p.sort_key`,
      [base.board!.service.id, base.day],
    ));
  return { ...base, rows };
}

const LABEL: Record<string, [string, string]> = {
  cancel: ["Disdici il pasto", "Cancel the meal"],
  white: ["Pasto in bianco", "Plain meal"],
  restore: ["Pasto normale", "Usual meal"],
};

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), message: null });
  },
  async POST(c) {
    const state = c.get("state");
    const form = await c.req.parseBody();
    const str = (k: string) => typeof form[k] === "string" ? (form[k] as string) : "";
    const action = str("azione");
    if (!(CANCEL_ACTIONS as readonly string[]).includes(action)) {
      throw new HttpError(422, state.tr("Azione non valida.", "Invalid action."));
    }
    const base = await load(c, str("servizio"), str("giorno"));
    const row = base.rows.find((r) => r.enrollment_id === str("iscrizione"));
    if (!row) {
      throw new HttpError(404, state.tr("Iscrizione non trovata.", "Enrollment not found."));
    }
    const [r] = await state.db.asUser(state.claims!, (tx) =>
      applyCancellations(tx, [{
        enrollment_id: row.enrollment_id,
        day: base.day,
        action: action as CancelAction,
      }], { source: "operator", userId: state.claims!.sub }));
    const after = await load(c, str("servizio"), str("giorno"));
    const message = r.outcome === "rejected"
      ? { ok: false, text: state.lang === "en" ? r.reason.en : r.reason.it }
      : {
        ok: true,
        text: state.tr(
          `${row.child}: ${LABEL[action][0].toLowerCase()} registrato.`,
          `${row.child}: ${LABEL[action][1].toLowerCase()} recorded.`,
        ),
      };
    return page({ ...after, message }, { status: r.outcome === "rejected" ? 422 : 200 });
  },
});

const STATUS: Record<string, [string, string]> = {
  present: ["Pasto", "Meal"],
  cancelled: ["Disdetto", "Cancelled"],
  absent: ["Assente", "Absent"],
  unmarked: ["Da rilevare", "Not marked"],
};

/** After the cut-off only the office changes a child's meal; each change is flagged as late. */
export default define.page<Data>(function MealChanges({ data, state }) {
  const tr = state.tr;
  const b = data.board;
  return (
    <>
      <h1>{tr("Variazioni ai pasti", "Meal changes")}</h1>
      {data.message && (
        <Alert kind={data.message.ok ? "success" : "danger"}>{data.message.text}</Alert>
      )}
      {!b ? <p>{tr("Nessun servizio mensa configurato.", "No canteen service configured.")}</p> : (
        <>
          <p>
            {b.service.title}, {data.day.split("-").reverse().join("/")}. {tr(
              `Dopo le ${b.service.cutoff} le famiglie non possono più disdire: le variazioni fatte qui sono segnalate al fornitore come successive al termine.`,
              `After ${b.service.cutoff} families can no longer cancel: changes made here are shown to the provider as late.`,
            )}{" "}
            <a href={`/operatore/pasti?servizio=${b.service.id}&giorno=${data.day}`}>
              {tr("Torna al conteggio", "Back to the counts")}
            </a>
          </p>
          {b.closed
            ? <p>{tr("La giornata è chiusa: nessun pasto.", "The day is closed: no meals.")}</p>
            : (
              <div class="table-responsive">
                <table class="table table-sm">
                  <caption>
                    {tr(
                      "Bambini iscritti e pasto del giorno",
                      "Enrolled children and the day's meal",
                    )}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr("Bambino", "Child")}</th>
                      <th scope="col">{tr("Plesso e classe", "Site and class")}</th>
                      <th scope="col">{tr("Stato", "Status")}</th>
                      <th scope="col">{tr("Modifica", "Change")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((r) => (
                      <tr key={r.enrollment_id}>
                        <th scope="row">{r.child}</th>
                        <td>{[r.site, r.class].filter(Boolean).join(", ")}</td>
                        <td>
                          {tr(...(STATUS[r.status] ?? [r.status, r.status]))}
                          {r.meal === "white" && ` (${tr("in bianco", "plain")})`}
                          {r.after_cutoff && (
                            <span class="badge bg-warning text-dark ms-1">
                              {tr("dopo il termine", "late")}
                            </span>
                          )}
                        </td>
                        <td>
                          <form
                            method="post"
                            action="/operatore/pasti/variazioni"
                            class="d-flex gap-1"
                          >
                            <CsrfField state={state} />
                            <input type="hidden" name="servizio" value={b.service.id} />
                            <input type="hidden" name="giorno" value={data.day} />
                            <input type="hidden" name="iscrizione" value={r.enrollment_id} />
                            <label class="visually-hidden" for={`azione-${r.enrollment_id}`}>
                              {tr(`Modifica per ${r.child}`, `Change for ${r.child}`)}
                            </label>
                            <select
                              id={`azione-${r.enrollment_id}`}
                              name="azione"
                              class="form-select form-select-sm"
                            >
                              {CANCEL_ACTIONS.map((a) => (
                                <option value={a}>{tr(...LABEL[a])}</option>
                              ))}
                            </select>
                            <button type="submit" class="btn btn-sm btn-outline-primary">
                              {tr("Salva", "Save")}
                            </button>
                          </form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
        </>
      )}
    </>
  );
});
