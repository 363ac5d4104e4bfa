import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import {
  type AbsenceInput,
  type AbsencePeriod,
  addAbsence,
  type ClassChild,
  deleteAbsence,
  listClassAbsences,
  listClassChildren,
} from "../../../../lib/attendance/absences.ts";
import { getClass, type RosterClass } from "../../../../lib/attendance/roster.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { addDays } from "../../../../lib/calendar/dates.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../../lib/i18n/mod.ts";

interface Data {
  cls: RosterClass;
  children: ClassChild[];
  absences: (AbsencePeriod & { surname: string; name: string })[];
  values: AbsenceInput;
  errors: FieldErrors;
  notice: "added" | "deleted" | null;
}

const EMPTY: AbsenceInput = { enrollment_id: "", from_day: "", to_day: "", reason: "" };

async function load(tx: Tx, classId: string) {
  const cls = await getClass(tx, classId);
  if (!cls) throw new HttpError(404, "No such class", { code: "not_found" });
  return {
    cls,
    children: await listClassChildren(tx, cls.id),
    // The last month too: a teacher often records a planned absence after the fact.
    absences: await listClassAbsences(tx, cls.id, addDays(romeDate(), -31)),
  };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const data = await db.asUser(claims!, (tx) => load(tx, c.req.param("id")!));
    const esito = c.req.query("esito");
    const notice = esito === "aggiunta" ? "added" : esito === "eliminata" ? "deleted" : null;
    return page({ ...data, values: EMPTY, errors: {}, notice });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims } = state;
    const classId = c.req.param("id")!;
    const form = await c.req.parseBody();
    if (form.action === "delete") {
      const ok = await db.asUser(claims!, async (tx) => {
        if (!await getClass(tx, classId)) return false;
        return await deleteAbsence(tx, classId, String(form.id ?? ""));
      });
      if (!ok) throw new HttpError(404, "No such planned absence", { code: "not_found" });
      return c.redirect(`/docenti/classi/${classId}/assenze?esito=eliminata`, 303);
    }
    const values: AbsenceInput = {
      enrollment_id: String(form.enrollment_id ?? ""),
      from_day: String(form.from_day ?? ""),
      to_day: String(form.to_day ?? ""),
      reason: String(form.reason ?? ""),
    };
    const out = await db.asUser(claims!, async (tx) => {
      const data = await load(tx, classId);
      const r = await addAbsence(tx, classId, values, claims!.sub);
      return { data, r };
    });
    if ("id" in out.r) return c.redirect(`/docenti/classi/${classId}/assenze?esito=aggiunta`, 303);
    const errors: FieldErrors = Object.fromEntries(
      Object.entries(out.r.errors).map(([k, [it, en]]) => [k, state.tr(it, en)]),
    );
    return page({ ...out.data, values, errors, notice: null }, { status: 422 });
  },
});

const childLabel = (c: Pick<ClassChild, "surname" | "name" | "service_title">) =>
  `${c.surname} ${c.name} — ${c.service_title}`;

/** Planned absences of the children of a class: the list from today on, and a form to add one. */
export default define.page<Data>(function PlannedAbsences({ data, state }) {
  const { cls, children, absences, values, errors, notice } = data;
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        home={["/docenti", tr("Oggi", "Today")]}
        items={[
          [tr(`Classe ${cls.name}`, `Class ${cls.name}`), `/docenti/classi/${cls.id}`],
          [tr("Assenze programmate", "Planned absences")],
        ]}
      />
      <h1>{tr(`Assenze programmate ${cls.name}`, `Planned absences ${cls.name}`)}</h1>
      <p>
        {tr(
          "Nei giorni indicati il bambino compare assente nel registro; quando segni il giorno l'assenza viene registrata e giustificata con il motivo.",
          "On those days the child shows as absent in the register; when you mark the day the absence is recorded and justified with the reason.",
        )}
      </p>
      {notice && (
        <div class="alert alert-success" role="status">
          {notice === "added"
            ? tr("Assenza programmata aggiunta.", "Planned absence added.")
            : tr("Assenza programmata eliminata.", "Planned absence deleted.")}
        </div>
      )}
      <section aria-labelledby="list-title" class="mb-4">
        <h2 id="list-title" class="h4">
          {tr("Dell'ultimo mese, in corso e future", "Last month, current and upcoming")}
        </h2>
        {absences.length === 0
          ? <p>{tr("Nessuna assenza programmata.", "No planned absences.")}</p>
          : (
            <ul class="list-unstyled" id="absences">
              {absences.map((a) => (
                <li key={a.id} class="card card-bg mb-2">
                  <div class="card-body p-3">
                    <h3 class="h6 mb-1">{a.surname} {a.name}</h3>
                    <p class="mb-2">
                      {tr("Dal", "From")} {formatDate(state.lang, a.from_day)} {tr("al", "to")}{" "}
                      {formatDate(state.lang, a.to_day)} — {a.reason}
                    </p>
                    <form method="post">
                      <CsrfField state={state} />
                      <input type="hidden" name="action" value="delete" />
                      <input type="hidden" name="id" value={a.id} />
                      <button type="submit" class="btn btn-outline-danger btn-sm">
                        {tr("Elimina", "Delete")}
                        <span class="visually-hidden">: {a.surname} {a.name}</span>
                      </button>
                    </form>
                  </div>
                </li>
              ))}
            </ul>
          )}
      </section>
      <section aria-labelledby="add-title">
        <h2 id="add-title" class="h4">{tr("Nuova assenza programmata", "New planned absence")}</h2>
        <ErrorSummary state={state} errors={errors} level={3} />
        <form method="post" novalidate>
          <CsrfField state={state} />
          <ChildSelect state={state} kids={children} values={values} errors={errors} />
          <TextField
            state={state}
            id="from_day"
            type="date"
            label={tr("Primo giorno", "First day")}
            value={values.from_day}
            errors={errors}
            required
          />
          <TextField
            state={state}
            id="to_day"
            type="date"
            label={tr("Ultimo giorno", "Last day")}
            value={values.to_day}
            errors={errors}
            required
          />
          <TextField
            state={state}
            id="reason"
            label={tr("Motivo", "Reason")}
            value={values.reason}
            errors={errors}
            maxLength={500}
            hint={tr("Ad esempio: vacanza, visita medica.", "For example: holiday, medical visit.")}
            required
          />
          <button type="submit" class="btn btn-primary btn-lg">
            {tr("Aggiungi", "Add")}
          </button>
        </form>
      </section>
    </>
  );
});

function ChildSelect({ state, kids, values, errors }: {
  state: State;
  kids: ClassChild[];
  values: AbsenceInput;
  errors: FieldErrors;
}) {
  return (
    <div class="select-wrapper mb-4">
      <label for="enrollment_id">{state.tr("Bambino", "Child")}</label>
      <select
        id="enrollment_id"
        name="enrollment_id"
        required
        aria-invalid={errors.enrollment_id ? "true" : undefined}
        aria-describedby={describedBy("enrollment_id", errors)}
      >
        <option value="">{state.tr("Scegli…", "Choose…")}</option>
        {kids.map((c) => (
          <option
            key={c.enrollment_id}
            value={c.enrollment_id}
            selected={c.enrollment_id === values.enrollment_id}
          >
            {childLabel(c)}
          </option>
        ))}
      </select>
      <FieldError field="enrollment_id" errors={errors} />
    </div>
  );
}
