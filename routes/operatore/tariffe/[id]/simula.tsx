import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../../components/FormErrors.tsx";
import { CheckboxField } from "../../../../components/CheckboxField.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { engineTariff, getTariff, type TariffDetail } from "../../../../lib/tariffs/db.ts";
import { type Quote, quote, QuoteError } from "../../../../lib/tariffs/engine.ts";
import { LEVEL_LABELS, MODE_LABELS } from "../../../../lib/tariffs/labels.ts";
import { Result } from "../(_components)/QuoteResult.tsx";
import { parseEuro } from "../../../../lib/tariffs/money.ts";
import { MODES, SCHOOL_LEVELS, type SituationInput } from "../../../../lib/tariffs/schema.ts";

const TEXT = [
  "month",
  "isee",
  "isee_expires",
  "sibling_rank",
  "minors",
  "school_level",
  "grade",
  "mode",
  "days_present",
  "open_days",
  "uses",
  "start_day",
  "flags",
] as const;
const CHECKS = ["non_resident", "disability", "social_services", "settling_in"] as const;
type Inputs = Record<typeof TEXT[number], string> & Record<typeof CHECKS[number], boolean>;

interface Data {
  tariff: TariffDetail;
  inputs: Inputs;
  errors: FieldErrors;
  result: Quote | null;
  refusal: string | null;
}

const notFound = () => new HttpError(404, "No such tariff", { code: "not_found" });

function readInputs(q: (k: string) => string | undefined): Inputs {
  const out = {} as Inputs;
  for (const k of TEXT) out[k] = (q(k) ?? "").trim().slice(0, 200);
  for (const k of CHECKS) out[k] = q(k) === "1";
  if (!out.month) out.month = romeDate().slice(0, 7);
  if (!out.sibling_rank) out.sibling_rank = "1";
  if (!out.minors) out.minors = "1";
  return out;
}

function toSituation(state: State, i: Inputs): { s: SituationInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const int = (k: keyof Inputs, min: number, max: number): number | null => {
    const v = String(i[k]);
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      errors[k] = state.tr(
        `Inserisci un numero intero da ${min} a ${max}.`,
        `Enter a whole number from ${min} to ${max}.`,
      );
      return null;
    }
    return n;
  };
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(i.month)) {
    errors.month = state.tr("Indica il mese nel formato AAAA-MM.", "Give the month as YYYY-MM.");
  }
  const isee = i.isee ? parseEuro(i.isee) : null;
  if (i.isee && isee === null) {
    errors.isee = state.tr(
      `«${i.isee}» non è un importo: scrivi ad esempio 12.400,00.`,
      `“${i.isee}” is not an amount: write e.g. 12400.00.`,
    );
  }
  if (i.isee_expires && !/^\d{4}-\d{2}-\d{2}$/.test(i.isee_expires)) {
    errors.isee_expires = state.tr("Data non valida.", "Invalid date.");
  }
  const s: SituationInput = {
    month: i.month,
    iseeCents: isee,
    iseeExpiresOn: i.isee_expires || null,
    resident: !i.non_resident,
    siblingRank: int("sibling_rank", 1, 20) ?? 1,
    minorsInHousehold: int("minors", 0, 30) ?? 1,
    schoolLevel: (SCHOOL_LEVELS as readonly string[]).includes(i.school_level)
      ? i.school_level as SituationInput["schoolLevel"]
      : null,
    grade: int("grade", 1, 5),
    mode: (MODES as readonly string[]).includes(i.mode) ? i.mode as SituationInput["mode"] : null,
    disability: i.disability,
    socialServicesExemption: i.social_services,
    daysPresent: int("days_present", 0, 31),
    openDays: int("open_days", 0, 31),
    usesCount: int("uses", 0, 1000),
    isSettlingInMonth: i.settling_in,
    startDay: int("start_day", 1, 31),
    flags: i.flags.split(/[\s,]+/).filter(Boolean).map((f) => f.toLowerCase()).filter((f) =>
      /^[a-z0-9_]{2,40}$/.test(f)
    ),
  };
  return { s: Object.keys(errors).length ? null : s, errors };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const tariff = await state.db.asUser(state.claims!, (tx) => getTariff(tx, c.req.param("id")!));
    if (!tariff) throw notFound();
    const inputs = readInputs((k) => c.req.query(k));
    const asked = c.req.query("month") !== undefined;
    if (!asked) return page({ tariff, inputs, errors: {}, result: null, refusal: null });
    const { s, errors } = toSituation(state, inputs);
    let result: Quote | null = null;
    let refusal: string | null = null;
    if (s) {
      try {
        result = quote(engineTariff(tariff), s);
      } catch (e) {
        if (!(e instanceof QuoteError)) throw e;
        refusal = state.lang === "it" ? e.message : e.messageEn;
      }
    }
    return page({ tariff, inputs, errors, result, refusal }, {
      status: Object.keys(errors).length ? 422 : 200,
    });
  },
});

/** A field of the situation, three to a row on wide screens. */
function Field(p: Parameters<typeof TextField>[0]) {
  return (
    <div class="col-md-4">
      <TextField {...p} />
    </div>
  );
}

/** The month to quote (the browser's month picker, value YYYY-MM). */
function MonthField(
  { id, label, value, errors }: { id: string; label: string; value: string; errors: FieldErrors },
) {
  return (
    <div class="col-md-4">
      <div class="form-group">
        <label for={id} class="active">{label}</label>
        <input
          id={id}
          name={id}
          type="month"
          class={`form-control${errors[id] ? " is-invalid" : ""}`}
          value={value}
          aria-invalid={errors[id] ? "true" : undefined}
          aria-describedby={describedBy(id, errors)}
        />
        <FieldError field={id} errors={errors} />
      </div>
    </div>
  );
}

/** One of the yes/no conditions, side by side. */
function Check({ id, label, checked }: { id: string; label: string; checked: boolean }) {
  return (
    <CheckboxField id={id} value="1" label={label} checked={checked} spacing="form-check-inline" />
  );
}

/** "What would this family pay?": the tariff quoted for a situation, with its explanation. */
export default define.page<Data>(function Simulate({ data, state }) {
  const t = data.tariff;
  const i = data.inputs;
  const e = data.errors;
  const base = `/operatore/tariffe/${t.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Tariffe", "Tariffs"), "/operatore/tariffe"], [t.title, base], [
          state.tr("Simula", "Simulate"),
        ]]}
      />
      <h1>{state.tr(`Simula: ${t.title}`, `Simulate: ${t.title}`)}</h1>
      <p>
        {state.tr(
          "Indica la situazione di una famiglia: l'importo si calcola con la versione della tariffa in vigore nel mese scelto, anche se è in bozza. Non si salva nulla.",
          "Describe a family's situation: the amount is computed with the version in force in the chosen month, drafts included. Nothing is saved.",
        )}
      </p>
      <ErrorSummary state={state} errors={e} />
      <form method="get" action={`${base}/simula`} noValidate>
        <fieldset>
          <legend class="h5 mb-5">{state.tr("Mese ed ISEE", "Month and ISEE")}</legend>
          <div class="row">
            <MonthField
              id="month"
              label={state.tr("Mese", "Month")}
              value={i.month}
              errors={e}
            />
            <Field
              state={state}
              id="isee"
              label={state.tr("ISEE (€, vuoto se non presentato)", "ISEE (€, empty if none)")}
              value={i.isee}
              errors={e}
              inputMode="decimal"
            />
            <Field
              state={state}
              id="isee_expires"
              type="date"
              label={state.tr("Scadenza dell'ISEE (facoltativa)", "ISEE expiry (optional)")}
              value={i.isee_expires}
              errors={e}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend class="h5 mb-5">
            {state.tr("Famiglia e frequenza", "Family and attendance")}
          </legend>
          <div class="row">
            <Field
              state={state}
              id="sibling_rank"
              type="number"
              label={state.tr(
                "Ordine tra i fratelli (1 = primo)",
                "Rank among siblings (1 = first)",
              )}
              value={i.sibling_rank}
              errors={e}
            />
            <Field
              state={state}
              id="minors"
              type="number"
              label={state.tr("Minori nel nucleo", "Minors in the household")}
              value={i.minors}
              errors={e}
            />
            <div class="col-md-4">
              <SelectField
                state={state}
                id="school_level"
                label={state.tr("Livello scolastico", "School level")}
                value={i.school_level}
                options={SCHOOL_LEVELS.map((
                  l,
                ) => [l, LEVEL_LABELS[l][state.lang === "it" ? 0 : 1]])}
                errors={e}
                empty={state.tr("Non indicato", "Not given")}
              />
            </div>
            <Field
              state={state}
              id="grade"
              type="number"
              label={state.tr("Classe (1–5, facoltativa)", "Grade (1–5, optional)")}
              value={i.grade}
              errors={e}
            />
            <div class="col-md-4">
              <SelectField
                state={state}
                id="mode"
                label={state.tr("Modalità di frequenza", "Attendance mode")}
                value={i.mode}
                options={MODES.map((m) => [m, MODE_LABELS[m][state.lang === "it" ? 0 : 1]])}
                errors={e}
                empty={state.tr("Non indicata", "Not given")}
              />
            </div>
            <Field
              state={state}
              id="uses"
              type="number"
              label={state.tr(
                "Pasti, corse o utilizzi nel mese",
                "Meals, rides or uses in the month",
              )}
              value={i.uses}
              errors={e}
            />
            <Field
              state={state}
              id="days_present"
              type="number"
              label={state.tr("Giorni di presenza nel mese", "Days present in the month")}
              value={i.days_present}
              errors={e}
            />
            <Field
              state={state}
              id="open_days"
              type="number"
              label={state.tr("Giorni di apertura nel mese", "Days open in the month")}
              value={i.open_days}
              errors={e}
            />
            <Field
              state={state}
              id="start_day"
              type="number"
              label={state.tr("Giorno di inizio (inserimento)", "Start day (settling in)")}
              value={i.start_day}
              errors={e}
            />
            <Field
              state={state}
              id="flags"
              label={state.tr("Altre condizioni (codici)", "Other conditions (codes)")}
              value={i.flags}
              errors={e}
              hint={state.tr(
                "Ad esempio servizi_sociali, separati da virgole.",
                "E.g. servizi_sociali, comma separated.",
              )}
            />
          </div>
          <div class="mb-4">
            <Check
              id="non_resident"
              label={state.tr("Non residente", "Non-resident")}
              checked={i.non_resident}
            />
            <Check
              id="disability"
              label={state.tr("Disabilità", "Disability")}
              checked={i.disability}
            />
            <Check
              id="settling_in"
              label={state.tr("Mese di inserimento", "Settling-in month")}
              checked={i.settling_in}
            />
            <Check
              id="social_services"
              label={state.tr("Esenzione dei servizi sociali", "Social-services exemption")}
              checked={i.social_services}
            />
          </div>
        </fieldset>
        <button type="submit" class="btn btn-primary">{state.tr("Calcola", "Compute")}</button>
      </form>
      {data.refusal && <Alert kind="danger">{data.refusal}</Alert>}
      {data.result && <Result state={state} r={data.result} />}
    </>
  );
});
