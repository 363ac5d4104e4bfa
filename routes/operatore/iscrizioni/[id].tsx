import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../components/FormErrors.tsx";
import {
  overrideTariff,
  reassignTariff,
  withdrawEnrollment,
} from "../../../lib/enrollment/enrollments.ts";
import { setConditions } from "../../../lib/enrollment/enrollments_conditions.ts";
import { EnrollmentsError } from "../../../lib/enrollment/enrollments_errors.ts";
import {
  auditDietRead,
  type EnrollmentRow,
  getEnrollment,
} from "../../../lib/enrollment/enrollments_read.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { centsToInput, parseEuro } from "../../../lib/tariffs/money.ts";
import {
  EnrollmentFacts,
  FLAG_LABELS,
  STATUS_LABELS,
  TariffExplanation,
} from "./(_components)/EnrollmentView.tsx";

interface Data {
  e: EnrollmentRow;
  errors: FieldErrors;
  form: Record<string, string>;
  done: string | null;
}

const notFound = () => new HttpError(404, "No such enrollment", { code: "not_found" });

async function load(c: Parameters<Parameters<typeof define.handlers>[0]["GET"] & object>[0]) {
  const { db, claims } = c.get("state");
  const e = await db.asUser(claims!, async (tx) => {
    const row = await getEnrollment(tx, c.req.param("id")!);
    if (row) await auditDietRead(tx, row);
    return row;
  });
  if (!e) throw notFound();
  return e;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const e = await load(c);
    return page({ e, errors: {}, form: {}, done: c.req.query("fatto") ?? null });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, String(v).slice(0, 1000)]),
    );
    const action = form._action;
    try {
      const ok = await state.db.asUser(state.claims!, async (tx) => {
        if (action === "withdraw") {
          return await withdrawEnrollment(tx, id, form.withdrawn_on ?? "", form.reason ?? "");
        }
        if (action === "override") {
          const cents = form.override_cents?.trim() ? parseEuro(form.override_cents) : null;
          const clearing = !form.override_cents?.trim() && !form.override_reason?.trim();
          return await overrideTariff(
            tx,
            id,
            clearing ? null : cents ?? -1,
            form.override_reason ?? "",
            state.claims!.sub,
          );
        }
        if (action === "reassign") return (await reassignTariff(tx, id)) !== null;
        if (action === "conditions") {
          // Unchecked boxes are not posted: the form always carries both facts.
          return await setConditions(tx, id, {
            social_services_exemption: form.social_services_exemption === "on",
            exemption_reference: form.social_services_exemption_reference ?? null,
            disability: form.disability === "on",
          }, state.claims!.sub);
        }
        throw new HttpError(400, "Unknown action", { code: "bad_request" });
      });
      if (!ok) throw notFound();
      return c.redirect(`/operatore/iscrizioni/${id}?fatto=${action}`, 303);
    } catch (err) {
      if (!(err instanceof EnrollmentsError)) throw err;
      const e = await load(c);
      const errors: FieldErrors = {};
      if (err.problems.length) {
        for (const p of err.problems) errors[p.path] = state.tr(p.it, p.en);
      } else {
        const field = action === "withdraw"
          ? "withdrawn_on"
          : action === "override"
          ? "override_cents"
          : action === "conditions"
          ? "social_services_exemption_reference"
          : "reassign";
        errors[field] = state.tr(err.it, err.en);
      }
      return page({ e, errors, form, done: null }, { status: err.status });
    }
  },
});

const DONE: Record<string, [string, string]> = {
  withdraw: ["Ritiro registrato.", "Withdrawal recorded."],
  override: ["Importo manuale salvato.", "Manual amount saved."],
  reassign: ["Tariffa assegnata di nuovo.", "Tariff assigned again."],
  conditions: [
    "Condizioni salvate e tariffa ricalcolata.",
    "Conditions saved and tariff computed again.",
  ],
};

/** One enrollment: its facts, its tariff as the family reads it, and the office's actions. */
export default define.page<Data>(function Enrollment({ data, state }) {
  const tr = state.tr;
  const { e, errors, form } = data;
  const flag = e.tariff_assignment?.isee_flag ?? "unpriced";
  const input = (
    name: string,
    label: string,
    opts: { type?: string; value?: string; hint?: string } = {},
  ) => (
    <div class="form-group">
      <label for={name} class="active">{label}</label>
      <input
        type={opts.type ?? "text"}
        class={`form-control${errors[name] ? " is-invalid" : ""}`}
        id={name}
        name={name}
        value={form[name] ?? opts.value ?? ""}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={describedBy(name, errors, opts.hint ? `${name}-hint` : undefined)}
      />
      {opts.hint && <small id={`${name}-hint`} class="form-text">{opts.hint}</small>}
      <FieldError field={name} errors={errors} />
    </div>
  );
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Iscrizioni", "Enrollments"), "/operatore/iscrizioni"], [
          e.beneficiary_name ?? "—",
        ]]}
      />
      <h1>
        {tr("Iscrizione", "Enrollment")}: {e.beneficiary_name} — {e.service_title}
      </h1>
      {data.done && DONE[data.done] && <Alert kind="success">{tr(...DONE[data.done])}</Alert>}
      <ErrorSummary state={state} errors={errors} />
      <p>
        <span class="badge bg-secondary me-2">{tr(...STATUS_LABELS[e.status])}</span>
        <span class={`badge ${flag === "ok" ? "bg-success" : "bg-warning"}`}>
          {tr(...FLAG_LABELS[flag])}
        </span>
      </p>
      <EnrollmentFacts state={state} e={e} staff />
      <section aria-labelledby="tariff-title" class="mb-4">
        <h2 id="tariff-title" class="h4">{tr("Tariffa", "Tariff")}</h2>
        <TariffExplanation state={state} e={e} staff />
        <form method="post" class="mt-3">
          <CsrfField state={state} />
          <input type="hidden" name="_action" value="reassign" />
          <FieldError field="reassign" errors={errors} />
          <button type="submit" class="btn btn-outline-primary" id="reassign">
            {tr("Assegna di nuovo la tariffa (nuovo ISEE)", "Assign the tariff again (new ISEE)")}
          </button>
        </form>
      </section>
      <section aria-labelledby="conditions-title" class="mb-4">
        <h2 id="conditions-title" class="h4">
          {tr("Esenzione e disabilità", "Exemption and disability")}
        </h2>
        <form method="post" novalidate>
          <CsrfField state={state} />
          <input type="hidden" name="_action" value="conditions" />
          <div class="form-check mb-5">
            <input
              type="checkbox"
              class="form-check-input"
              id="social_services_exemption"
              name="social_services_exemption"
              checked={form._action === "conditions"
                ? form.social_services_exemption === "on"
                : e.social_services_exemption}
            />
            <label class="form-check-label" for="social_services_exemption">
              {tr(
                "Esenzione disposta dai servizi sociali (nulla è dovuto)",
                "Exemption decided by the social services (nothing is due)",
              )}
            </label>
          </div>
          {input(
            "social_services_exemption_reference",
            tr(
              "Estremi dell'atto che concede o revoca l'esenzione",
              "Reference of the act granting or revoking the exemption",
            ),
            {
              hint: e.social_services_exemption
                ? tr(
                  `Atto attuale: ${e.social_services_exemption_reference}. Per revocare l'esenzione indica l'atto di revoca; per correggere l'atto scrivine gli estremi.`,
                  `Current act: ${e.social_services_exemption_reference}. To revoke the exemption give the revoking act; to correct the act write its reference.`,
                )
                : tr(
                  "Obbligatori per concedere l'esenzione, ad esempio: relazione prot. 1234 del 02/10/2026. Restano nel registro delle attività.",
                  "Required to grant the exemption, e.g. report no. 1234 of 02/10/2026. They are kept in the audit log.",
                ),
            },
          )}
          <div class="form-check">
            <input
              type="checkbox"
              class="form-check-input"
              id="disability"
              name="disability"
              checked={form._action === "conditions" ? form.disability === "on" : e.disability}
            />
            <label class="form-check-label" for="disability">
              {tr(
                "Disabilità certificata all'ufficio (riduzioni previste dalla tariffa)",
                "Disability certified to the office (reductions the tariff provides)",
              )}
            </label>
          </div>
          <button type="submit" class="btn btn-outline-primary" id="save-conditions">
            {tr("Salva e ricalcola la tariffa", "Save and compute the tariff again")}
          </button>
        </form>
      </section>
      <section aria-labelledby="override-title" class="mb-4">
        <h2 id="override-title" class="h4">{tr("Importo manuale", "Manual amount")}</h2>
        <form method="post" novalidate>
          <CsrfField state={state} />
          <input type="hidden" name="_action" value="override" />
          {input("override_cents", tr("Importo applicato (€)", "Amount applied (€)"), {
            value: centsToInput(e.override_cents),
            hint: tr(
              "Lascia vuoti importo e motivo per tornare alla tariffa calcolata.",
              "Leave amount and reason empty to go back to the computed tariff.",
            ),
          })}
          {input("override_reason", tr("Motivo (obbligatorio)", "Reason (required)"), {
            value: e.override_reason ?? "",
          })}
          <button type="submit" class="btn btn-outline-primary">
            {tr("Salva l'importo manuale", "Save the manual amount")}
          </button>
        </form>
      </section>
      {!e.withdrawn_on && (
        <section aria-labelledby="withdraw-title" class="mb-4">
          <h2 id="withdraw-title" class="h4">{tr("Ritiro", "Withdrawal")}</h2>
          <form method="post" novalidate>
            <CsrfField state={state} />
            <input type="hidden" name="_action" value="withdraw" />
            {input("withdrawn_on", tr("Ultimo giorno di frequenza", "Last day attended"), {
              type: "date",
              value: romeDate() < e.ends_on ? romeDate() : e.ends_on,
            })}
            {input("reason", tr("Motivo del ritiro", "Reason for withdrawal"))}
            <button type="submit" class="btn btn-outline-danger">
              {tr("Registra il ritiro", "Record the withdrawal")}
            </button>
          </form>
        </section>
      )}
    </>
  );
});
