import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CheckboxField } from "../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
  FieldHint,
} from "../../../components/FormErrors.tsx";
import { TextField } from "../../../components/TextField.tsx";
import { BillingError } from "../../../lib/billing/errors.ts";
import { type RunForm, runPeriodOf } from "../../../lib/billing/review.ts";
import { createRun, defaultLabel } from "../../../lib/billing/runs.ts";
import {
  listServiceBilling,
  MODE_LABELS,
  type ServiceBillingRow,
} from "../../../lib/billing/settings.ts";
import { define, page } from "../../../lib/http/define.ts";
import { kickBillingJobs } from "../../../lib/jobs/billing.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";

interface Data {
  form: RunForm;
  errors: FieldErrors;
  services: ServiceBillingRow[];
}

function previousMonth(): string {
  const [y, m] = romeDate().split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const services = await db.asUser(claims!, listServiceBilling);
    const form: RunForm = {
      kind: "month",
      month: previousMonth(),
      period_start: "",
      period_end: "",
      label: "",
      service_ids: services.filter((s) => s.mode !== "prepaid").map((s) => s.service_id),
    };
    return page({ form, errors: {}, services });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody({ all: true });
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const ids = body.service_ids;
    const form: RunForm = {
      kind: str("kind") === "custom" ? "custom" : "month",
      month: str("month"),
      period_start: str("period_start"),
      period_end: str("period_end"),
      label: str("label").trim(),
      service_ids: (Array.isArray(ids) ? ids : ids ? [ids] : []).filter((v): v is string =>
        typeof v === "string"
      ),
    };
    const again = async (errors: FieldErrors, status: number) =>
      page({ form, errors, services: await state.db.asUser(state.claims!, listServiceBilling) }, {
        status,
      });
    const { period, issues } = runPeriodOf(form);
    if (!period) {
      return await again(
        Object.fromEntries(Object.entries(issues).map(([k, v]) => [k, v[state.lang]])),
        422,
      );
    }
    try {
      const id = await state.db.asUser(state.claims!, (tx) =>
        createRun(tx, {
          periodStart: period.start,
          periodEnd: period.end,
          serviceIds: form.service_ids,
          label: form.label || null,
        }, state.claims!.sub));
      kickBillingJobs();
      return c.redirect(`/operatore/fatturazione/${id}?creata=1`, 303);
    } catch (e) {
      if (!(e instanceof BillingError)) throw e;
      const field = e.code === "prepaid_service" || e.code === "overlapping_run"
        ? "services"
        : form.kind === "custom"
        ? "period_start"
        : "month";
      return await again({ [field]: state.lang === "en" ? e.en : e.it }, e.status);
    }
  },
});

/** A new billing run: the period (a month, or dates for term and year fees) and the services. */
export default define.page<Data>(function NewRun({ data, state }) {
  const tr = state.tr;
  const f = data.form;
  const e = data.errors;
  const p = runPeriodOf({ ...f, service_ids: ["-"], label: "" }).period;
  const example = p ? defaultLabel(p.start, p.end) : "";
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatturazione", "Billing"), "/operatore/fatturazione"], [tr("Nuova", "New")]]}
      />
      <h1>{tr("Nuova elaborazione", "New billing run")}</h1>
      <p class="lead">
        {tr(
          "Il calcolo parte subito e si può seguire dalla pagina dell'elaborazione. Nulla viene emesso prima dell'approvazione.",
          "The computation starts at once and can be followed on the run's page. Nothing is issued before approval.",
        )}
      </p>
      <ErrorSummary state={state} errors={e} />
      <form method="post" action="/operatore/fatturazione/nuova" novalidate>
        <CsrfField state={state} />
        <fieldset class="mb-4">
          <legend class="h5">{tr("Periodo", "Period")}</legend>
          <div class="form-check">
            <input
              id="kind-month"
              type="radio"
              name="kind"
              value="month"
              checked={f.kind !== "custom"}
            />
            <label for="kind-month">
              {tr(
                "Un mese (servizi a consumo e rette mensili)",
                "A month (per-use and monthly fees)",
              )}
            </label>
          </div>
          <div class="form-check mb-3">
            <input
              id="kind-custom"
              type="radio"
              name="kind"
              value="custom"
              checked={f.kind === "custom"}
            />
            <label for="kind-custom">
              {tr(
                "Altro periodo (trimestre, anno scolastico: quote fisse)",
                "Another period (term, school year: flat fees)",
              )}
            </label>
          </div>
          <div class="form-group">
            <label for="month" class="active">{tr("Mese", "Month")}</label>
            <input
              id="month"
              name="month"
              type="month"
              class={`form-control${e.month ? " is-invalid" : ""}`}
              value={f.month}
              placeholder="2026-10"
              aria-invalid={e.month ? "true" : undefined}
              aria-describedby={describedBy("month", e, "month-hint")}
            />
            <FieldHint
              id="month"
              hint={tr(
                "Anno e mese (es. 2026-10); il nome sarà ad esempio «Ottobre 2026».",
                "Year and month (e.g. 2026-10); it will be named e.g. “Ottobre 2026”.",
              )}
            />
            <FieldError field="month" errors={e} />
          </div>
          <div class="row">
            <div class="col-md-6">
              <TextField
                state={state}
                id="period_start"
                type="date"
                label={tr("Dal (altro periodo)", "From (other period)")}
                value={f.period_start}
                errors={e}
              />
            </div>
            <div class="col-md-6">
              <TextField
                state={state}
                id="period_end"
                type="date"
                label={tr("Al (altro periodo)", "To (other period)")}
                value={f.period_end}
                errors={e}
              />
            </div>
          </div>
        </fieldset>
        <fieldset
          class="mb-4"
          id="services"
          tabIndex={-1}
          aria-describedby={[e.services ? "services-error" : "", "services-hint"].filter(Boolean)
            .join(" ")}
        >
          <legend class="h5">{tr("Servizi", "Services")}</legend>
          <FieldHint
            id="services"
            hint={tr(
              "I servizi prepagati non si fatturano: ogni utilizzo si scala dal borsellino.",
              "Prepaid services are not billed: each use is deducted from the wallet.",
            )}
          />
          {data.services.map((s) => (
            <CheckboxField
              key={s.service_id}
              id={`service-${s.service_id}`}
              name="service_ids"
              value={s.service_id}
              checked={f.service_ids.includes(s.service_id)}
              label={
                <>
                  {s.service_title}{" "}
                  <span class="small text-secondary">
                    ({tr(MODE_LABELS[s.mode].it, MODE_LABELS[s.mode].en)}
                    {s.configured ? "" : tr(", non configurato", ", not configured")})
                  </span>
                </>
              }
            />
          ))}
          <FieldError field="services" errors={e} />
        </fieldset>
        <TextField
          state={state}
          id="label"
          label={tr("Nome dell'elaborazione (facoltativo)", "Name of the run (optional)")}
          value={f.label}
          errors={e}
          maxLength={120}
          hint={example
            ? tr(`Se vuoto: «${example}».`, `If empty: “${example}”.`)
            : tr("Se vuoto è generato dal periodo.", "If empty it is generated from the period.")}
        />
        <button type="submit" class="btn btn-primary">
          {tr("Avvia il calcolo", "Start the computation")}
        </button>
      </form>
    </>
  );
});
