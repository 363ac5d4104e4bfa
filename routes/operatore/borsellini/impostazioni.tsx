import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { centsToInput } from "../../../lib/tariffs/money.ts";
import {
  getWalletSettings,
  saveWalletSettings,
  type WalletSettings,
} from "../../../lib/wallets/db.ts";
import { checkCents, type Scope, SCOPES } from "../../../lib/wallets/rules.ts";

interface Data {
  values: Record<string, string>;
  errors: FieldErrors;
  saved: boolean;
}

const FIELDS = ["soglia", "tolleranza", "minimo", "massimo", "giorni"] as const;

function toValues(s: WalletSettings): Record<string, string> {
  return {
    ambito: s.scope,
    soglia: centsToInput(s.default_threshold_cents),
    tolleranza: centsToInput(s.default_grace_cents),
    minimo: centsToInput(s.min_top_up_cents),
    massimo: centsToInput(s.max_top_up_cents),
    giorni: String(s.lookback_days),
  };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const s = await db.asUser(claims!, (tx) => getWalletSettings(tx));
    return page({ values: toValues(s), errors: {}, saved: c.req.query("salvate") === "1" });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const en = state.lang === "en";
    const form = await c.req.parseBody();
    const one = (k: string) => typeof form[k] === "string" ? (form[k] as string).trim() : "";
    const values = Object.fromEntries(["ambito", ...FIELDS].map((k) => [k, one(k)]));
    const errors: FieldErrors = {};
    const money = (field: string, it: string, enLabel: string) => {
      const r = checkCents(values[field], field, { it, en: enLabel });
      for (const i of r.issues) errors[i.field] = en ? i.en : i.it;
      return r.cents;
    };
    if (!(SCOPES as readonly string[]).includes(values.ambito)) {
      errors.ambito = tr("Scegliere per chi si tiene il borsellino.", "Choose whose wallet it is.");
    }
    const threshold = money("soglia", "Soglia", "Threshold");
    const grace = money("tolleranza", "Tolleranza", "Grace");
    const min = money("minimo", "Ricarica minima", "Minimum top-up");
    const max = money("massimo", "Ricarica massima", "Maximum top-up");
    if (min !== null && min < 100 && !errors.minimo) {
      errors.minimo = tr(
        "La ricarica minima è almeno 1,00 €.",
        "The minimum top-up is at least €1.00.",
      );
    }
    if (min !== null && max !== null && max < min && !errors.massimo) {
      errors.massimo = tr(
        "La ricarica massima non può essere inferiore alla minima.",
        "The maximum top-up cannot be below the minimum.",
      );
    }
    const days = /^[0-9]{1,3}$/.test(values.giorni) ? Number(values.giorni) : NaN;
    if (!(days >= 1 && days <= 120)) {
      errors.giorni = tr(
        "Scrivere un numero di giorni da 1 a 120.",
        "Write a number of days from 1 to 120.",
      );
    }
    if (Object.keys(errors).length) return page({ values, errors, saved: false }, { status: 422 });
    const ok = await state.db.asUser(state.claims!, (tx) =>
      saveWalletSettings(tx, {
        scope: values.ambito as Scope,
        default_threshold_cents: threshold!,
        default_grace_cents: grace!,
        min_top_up_cents: min!,
        max_top_up_cents: max!,
        lookback_days: days,
      }, state.claims!.sub));
    if (!ok) {
      errors.ambito = tr(
        "I borsellini hanno già dei movimenti: non si può più passare da un borsellino per pagatore a uno per bambino (o viceversa).",
        "Wallets already hold movements: switching between per payer and per child is no longer possible.",
      );
      return page({ values, errors, saved: false }, { status: 409 });
    }
    return c.redirect("/operatore/borsellini/impostazioni?salvate=1", 303);
  },
});

/** The Ente's wallet rules: per payer or per child, default threshold and grace, top-up limits. */
export default define.page<Data>(function WalletSettingsPage({ data, state }) {
  const tr = state.tr;
  const v = data.values;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Borsellini prepagati", "Prepaid wallets"), "/operatore/borsellini"],
          [tr("Impostazioni", "Settings")],
        ]}
      />
      <h1>{tr("Impostazioni dei borsellini", "Wallet settings")}</h1>
      {data.saved && <Alert kind="success">{tr("Impostazioni salvate.", "Settings saved.")}</Alert>}
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" novalidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <SelectField
          state={state}
          id="ambito"
          label={tr("Un borsellino per", "One wallet per")}
          value={v.ambito}
          options={[
            ["payer", tr("Pagatore (tutti i figli insieme)", "Payer (all children together)")],
            ["beneficiary", tr("Bambino", "Child")],
          ]}
          errors={data.errors}
          hint={tr(
            "Si può cambiare solo finché nessun borsellino ha movimenti.",
            "Can change only while no wallet has movements.",
          )}
          required
        />
        <TextField
          state={state}
          id="soglia"
          label={tr("Soglia di avviso predefinita in euro", "Default alert threshold in euro")}
          value={v.soglia}
          errors={data.errors}
          required
          maxLength={20}
        />
        <TextField
          state={state}
          id="tolleranza"
          label={tr(
            "Tolleranza sotto zero predefinita in euro",
            "Default grace below zero in euro",
          )}
          hint={tr(
            "Oltre questo debito l'ufficio vede il borsellino segnalato. Il software non rifiuta mai un pasto: decide l'Ente.",
            "Beyond this debt the office sees the wallet flagged. The software never refuses a meal: the Ente decides.",
          )}
          value={v.tolleranza}
          errors={data.errors}
          required
          maxLength={20}
        />
        <TextField
          state={state}
          id="minimo"
          label={tr("Ricarica minima in euro", "Minimum top-up in euro")}
          value={v.minimo}
          errors={data.errors}
          required
          maxLength={20}
        />
        <TextField
          state={state}
          id="massimo"
          label={tr("Ricarica massima in euro", "Maximum top-up in euro")}
          value={v.massimo}
          errors={data.errors}
          required
          maxLength={20}
        />
        <TextField
          state={state}
          id="giorni"
          type="number"
          min="1"
          max="120"
          label={tr("Giorni ricontrollati ogni notte", "Days checked again every night")}
          hint={tr(
            "Le correzioni di presenze entro questi giorni diventano storni o nuovi addebiti.",
            "Attendance corrections within these days become refunds or new deductions.",
          )}
          value={v.giorni}
          errors={data.errors}
          required
        />
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
      </form>
    </>
  );
});
