import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { type BulkLine, enrollItems, pendingItems } from "../../../lib/enrollment/enrollments.ts";
import { define, page } from "../../../lib/http/define.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

type Pending = Awaited<ReturnType<typeof pendingItems>>;

interface Data {
  pending: Pending;
  report: BulkLine[] | null;
  error: string | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const pending = await db.asUser(claims!, (tx) => pendingItems(tx));
    return page({ pending, report: null, error: null });
  },
  async POST(c) {
    const state = c.get("state");
    const form = await c.req.parseBody({ all: true });
    const raw = form.item;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String).filter((v) => isUuid(v));
    if (ids.length === 0) {
      const pending = await state.db.asUser(state.claims!, (tx) => pendingItems(tx));
      return page({
        pending,
        report: null,
        error: state.tr(
          "Seleziona almeno una domanda da trasformare in iscrizione.",
          "Select at least one application to enroll.",
        ),
      }, { status: 422 });
    }
    const [report, pending] = await state.db.asUser(state.claims!, async (tx) =>
      [
        await enrollItems(tx, ids.slice(0, 500), { userId: state.claims!.sub }),
        await pendingItems(tx),
      ] as const);
    return page({ pending, report, error: null });
  },
});

const RESULT: Record<BulkLine["result"], [string, string]> = {
  created: ["Iscrizione creata", "Enrollment created"],
  existing: ["Già iscritto", "Already enrolled"],
  refused: ["Non iscritto", "Not enrolled"],
};

/** Accepted applications not yet enrolled, turned into enrollments in one go, with a report. */
export default define.page<Data>(function CreateEnrollments({ data, state }) {
  const tr = state.tr;
  const created = data.report?.filter((l) => l.result === "created").length ?? 0;
  const refused = data.report?.filter((l) => l.result === "refused").length ?? 0;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Iscrizioni", "Enrollments"), "/operatore/iscrizioni"], [tr("Crea", "Create")]]}
      />
      <h1>{tr("Crea iscrizioni dalle domande accolte", "Enroll accepted applications")}</h1>
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      {data.report && (
        <section aria-labelledby="report-title" class="mb-4">
          <h2 id="report-title" class="h4">{tr("Esito", "Report")}</h2>
          <Alert kind={refused ? "warning" : "success"}>
            {tr(
              `${created} iscrizioni create, ${refused} non create.`,
              `${created} enrollments created, ${refused} not created.`,
            )}
          </Alert>
          <table class="table table-sm">
            <caption>{tr("Esito per domanda", "Result per application")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("Bambina o bambino", "Child")}</th>
                <th scope="col">{tr("Servizio", "Service")}</th>
                <th scope="col">{tr("Esito", "Result")}</th>
              </tr>
            </thead>
            <tbody>
              {data.report.map((l) => (
                <tr key={l.item_id}>
                  <th scope="row">
                    {l.enrollment_id
                      ? <a href={`/operatore/iscrizioni/${l.enrollment_id}`}>{l.child}</a>
                      : l.child}
                  </th>
                  <td>{l.service}</td>
                  <td>
                    {tr(...RESULT[l.result])}
                    {l.message && `: ${l.message[state.lang]}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {data.pending.length === 0
        ? (
          <p>
            {tr(
              "Non ci sono domande accolte da trasformare in iscrizioni.",
              "There are no accepted applications left to enroll.",
            )}
          </p>
        )
        : (
          <form method="post" action="/operatore/iscrizioni/crea">
            <CsrfField state={state} />
            <table class="table table-sm">
              <caption>
                {tr(
                  `${data.pending.length} domande accolte non ancora iscritte`,
                  `${data.pending.length} accepted applications not yet enrolled`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Iscrivi", "Enroll")}</th>
                  <th scope="col">{tr("Bambina o bambino", "Child")}</th>
                  <th scope="col">{tr("Servizio", "Service")}</th>
                  <th scope="col">{tr("Protocollo", "Number")}</th>
                </tr>
              </thead>
              <tbody>
                {data.pending.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <div class="form-check">
                        <input
                          type="checkbox"
                          class="form-check-input"
                          id={`item-${p.id}`}
                          name="item"
                          value={p.id}
                          checked
                        />
                        <label class="form-check-label" for={`item-${p.id}`}>
                          <span class="visually-hidden">{tr("Iscrivi", "Enroll")} {p.child}</span>
                        </label>
                      </div>
                    </td>
                    <th scope="row">{p.child}</th>
                    <td>{p.service_title} ({p.school_year_label})</td>
                    <td>{p.protocol_number}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit" class="btn btn-primary">
              {tr("Crea le iscrizioni selezionate", "Enroll the selected")}
            </button>
          </form>
        )}
    </>
  );
});
