import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { Alert } from "../../../components/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import {
  applyCancellations,
  CANCEL_ACTIONS,
  type CancelAction,
  type FamilyDay,
  familyDays,
  type FamilyEnrollment,
  familyMealEnrollments,
} from "../../../lib/attendance/cancel.ts";
import type { MarkResult } from "../../../lib/attendance/marks.ts";
import { define, page } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";

interface Data {
  enrollments: FamilyEnrollment[];
  current: FamilyEnrollment | null;
  days: FamilyDay[];
  errors: FieldErrors;
  done: { day: string; ok: boolean; text: string }[];
}

type C = Parameters<NonNullable<Parameters<typeof define.handlers>[0]["GET"]>>[0];

async function load(c: C, wanted?: string) {
  const { db, claims } = c.get("state");
  return await db.asUser(claims!, async (tx) => {
    const enrollments = await familyMealEnrollments(tx);
    const current = enrollments.find((e) => e.id === (wanted ?? c.req.query("iscrizione"))) ??
      enrollments[0] ?? null;
    const days = current ? await familyDays(tx, current) : [];
    return { enrollments, current, days };
  });
}

const ACTION: Record<CancelAction, [string, string]> = {
  cancel: ["Disdici il pasto", "Cancel the meal"],
  white: ["Chiedi il pasto in bianco", "Ask for a plain meal"],
  restore: ["Annulla la disdetta (pasto normale)", "Undo (usual meal)"],
};

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), errors: {}, done: [] });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => typeof form[k] === "string" ? form[k] as string : "";
    const all = (k: string) =>
      ([] as unknown[]).concat(form[k] ?? []).filter((x) => typeof x === "string") as string[];
    const base = await load(c, one("iscrizione"));
    const errors: FieldErrors = {};
    const action = one("azione");
    const days = all("giorno").filter((d) => base.days.some((x) => x.day === d));
    if (!base.current || base.current.id !== one("iscrizione")) {
      errors.iscrizione = tr("Scegliere il bambino.", "Choose the child.");
    }
    if (days.length === 0) {
      errors["giorno-0"] = tr(
        "Scegliere almeno un giorno tra quelli elencati.",
        "Choose at least one of the listed days.",
      );
    }
    if (!(CANCEL_ACTIONS as readonly string[]).includes(action)) {
      errors.azione = tr("Scegliere che cosa fare.", "Choose what to do.");
    }
    if (Object.keys(errors).length) {
      return page({ ...base, errors, done: [] }, { status: 422 });
    }
    const results: MarkResult[] = await state.db.asUser(state.claims!, (tx) =>
      applyCancellations(
        tx,
        days.map((day) => ({
          enrollment_id: base.current!.id,
          day,
          action: action as CancelAction,
        })),
        { source: "family", userId: state.claims!.sub },
      ));
    const after = await load(c, base.current!.id);
    const done = results.map((r) => ({
      day: r.day,
      ok: r.outcome !== "rejected",
      text: r.outcome === "rejected"
        ? (state.lang === "en" ? r.reason.en : r.reason.it)
        : r.outcome === "unchanged"
        ? tr("nessuna modifica (era già così)", "no change (it was already so)")
        : tr("registrato", "recorded"),
    }));
    const failed = done.some((d) => !d.ok);
    return page({ ...after, errors: {}, done }, { status: failed ? 422 : 200 });
  },
});

function statusText(d: FamilyDay, tr: (it: string, en: string) => string) {
  if (d.status === "cancelled") return tr("Pasto disdetto", "Meal cancelled");
  if (d.status === "absent") return tr("Assente", "Absent");
  return d.meal === "white"
    ? tr("Pasto in bianco", "Plain meal")
    : tr("Pasto previsto", "Meal expected");
}

/** A family cancels its child's meals (or asks for a pasto in bianco) before the cut-off. */
export default define.page<Data>(function Cancellations({ data, state }) {
  const tr = state.tr;
  const e = data.current;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Disdetta pasti", "Meal cancellations")]]} />
      <h1>{tr("Disdetta pasti", "Meal cancellations")}</h1>
      {data.done.length > 0 && (
        <Alert kind={data.done.every((d) => d.ok) ? "success" : "danger"}>
          <ul class="mb-0">
            {data.done.map((d) => <li key={d.day}>{formatDate(state.lang, d.day)}: {d.text}</li>)}
          </ul>
        </Alert>
      )}
      {!e
        ? (
          <p>
            {tr(
              "Nessuno dei tuoi figli è iscritto a una mensa con presenza presunta: non ci sono pasti da disdire.",
              "None of your children is enrolled in a canteen with presumed presence: there are no meals to cancel.",
            )}
          </p>
        )
        : (
          <>
            <p class="lead">
              {tr(
                `Il pasto è previsto ogni giorno di servizio. Puoi disdirlo o chiedere il pasto in bianco entro le ${e.cutoff} del giorno stesso; dopo, rivolgiti all'ufficio.`,
                `The meal is expected on every service day. You can cancel it or ask for a plain meal until ${e.cutoff} on the day; after that, contact the office.`,
              )}
            </p>
            {data.enrollments.length > 1 && (
              <form method="get" action="/famiglie/disdette" class="row g-2 align-items-end mb-4">
                <div class="col-sm-8">
                  <label for="scelta" class="form-label">
                    {tr("Bambino e servizio", "Child and service")}
                  </label>
                  <select id="scelta" name="iscrizione" class="form-select">
                    {data.enrollments.map((x) => (
                      <option value={x.id} selected={x.id === e.id}>{x.child} — {x.service}</option>
                    ))}
                  </select>
                </div>
                <div class="col-sm-4">
                  <button type="submit" class="btn btn-outline-primary">
                    {tr("Mostra", "Show")}
                  </button>
                </div>
              </form>
            )}
            <ErrorSummary state={state} errors={data.errors} />
            <form method="post" action="/famiglie/disdette" novalidate>
              <CsrfField state={state} />
              <input type="hidden" name="iscrizione" value={e.id} />
              <fieldset
                class="mb-4"
                aria-describedby={data.errors["giorno-0"] ? "giorni-error" : undefined}
              >
                <legend class="h5">
                  {e.child} — {e.service}
                  {e.site ? `, ${e.site}` : ""}
                  {e.class ? ` (${e.class})` : ""}
                </legend>
                {data.errors["giorno-0"] && (
                  <div id="giorni-error" class="invalid-feedback d-block">
                    {data.errors["giorno-0"]}
                  </div>
                )}
                <table class="table table-sm">
                  <caption>{tr("Prossimi giorni di servizio", "Coming service days")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr("Scegli", "Choose")}</th>
                      <th scope="col">{tr("Giorno", "Day")}</th>
                      <th scope="col">{tr("Stato", "Status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.days.map((d, i) => (
                      <tr key={d.day}>
                        <td>
                          <input
                            type="checkbox"
                            id={`giorno-${i}`}
                            name="giorno"
                            value={d.day}
                            disabled={!d.changeable}
                            aria-invalid={data.errors["giorno-0"] ? "true" : undefined}
                          />
                        </td>
                        <td>
                          <label for={`giorno-${i}`}>{formatDate(state.lang, d.day)}</label>
                          {!d.changeable && (
                            <span class="ms-2 text-muted small">
                              {tr("termine superato", "past the cut-off")}
                            </span>
                          )}
                        </td>
                        <td data-day={d.day}>{statusText(d, tr)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </fieldset>
              <fieldset
                class="mb-4"
                aria-describedby={data.errors.azione ? "azione-error" : undefined}
              >
                <legend class="h6">{tr("Che cosa vuoi fare?", "What do you want to do?")}</legend>
                {data.errors.azione && (
                  <div id="azione-error" class="invalid-feedback d-block">{data.errors.azione}</div>
                )}
                {CANCEL_ACTIONS.map((a, i) => (
                  <div class="form-check" key={a}>
                    <input
                      type="radio"
                      id={i === 0 ? "azione" : `azione-${a}`}
                      name="azione"
                      value={a}
                      checked={i === 0}
                    />
                    <label for={i === 0 ? "azione" : `azione-${a}`}>{tr(...ACTION[a])}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" class="btn btn-primary">{tr("Conferma", "Confirm")}</button>
            </form>
          </>
        )}
    </>
  );
});
