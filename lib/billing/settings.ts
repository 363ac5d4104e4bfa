/**
 * The Ente's pagoPA settings (segregation code, accounts, grouping, due days, GPD) and how each
 * service is billed (notice, invoice, prepaid; taxonomy; instalments; VAT). The checks are pure
 * and shared by the back-office forms and the API; storage runs as the user (RLS: `can_bill`).
 *
 * @module
 */
import { validateIban } from "../codes/iban.ts";
import type { Tx } from "../db/types.ts";
import { centsToInput, parseEuro, parsePercent } from "../tariffs/money.ts";
import { type LapseRule, lapseRuleOf } from "./instalment_plan_lapse.ts";
import { taxonomyOf } from "./taxonomy.ts";

export interface BillingSettings {
  segregation_code: string;
  iban: string | null;
  postal_account: string | null;
  postal_iban: string | null;
  postal_account_holder: string | null;
  postal_authorization: string | null;
  cbill: string | null;
  office_name: string | null;
  office_contact: string | null;
  position_grouping: "per_service" | "aggregated";
  due_days: number;
  gpd_enabled: boolean;
  /** Minimum days between two payment reminders of the same position (1..90). */
  reminder_min_days: number;
  /**
   * The Ente's rule of decadenza for instalment plans (`instalment_plan_lapse.ts`, `LapseRule`):
   * so many instalments missed (1..12), consecutive or not, within so many months when not (1..24,
   * null: any time), after a reminder or not. The law's by default.
   */
  lapse_missed_instalments: number;
  lapse_consecutive: boolean;
  lapse_window_months: number | null;
  lapse_after_reminder: boolean;
}

export const BILLING_MODES = ["notice", "invoice", "prepaid"] as const;
export type BillingMode = typeof BILLING_MODES[number];

export const MODE_LABELS: Record<BillingMode, { it: string; en: string }> = {
  notice: { it: "Avviso pagoPA", en: "pagoPA notice" },
  invoice: { it: "Fattura elettronica", en: "E-invoice" },
  prepaid: { it: "Prepagato (borsellino)", en: "Prepaid (wallet)" },
};

export interface ServiceBilling {
  mode: BillingMode;
  taxonomy_code: string;
  instalments: number;
  min_notice_cents: number;
  vat_nature: string | null;
  vat_rate_bp: number;
}

/** A refusal about one field, in both languages. */
export interface Issue {
  field: string;
  code: string;
  it: string;
  en: string;
}

export const DEFAULT_SETTINGS: BillingSettings = {
  segregation_code: "02",
  iban: null,
  postal_account: null,
  postal_iban: null,
  postal_account_holder: null,
  postal_authorization: null,
  cbill: null,
  office_name: null,
  office_contact: null,
  position_grouping: "per_service",
  due_days: 30,
  gpd_enabled: true,
  reminder_min_days: 15,
  lapse_missed_instalments: 2,
  lapse_consecutive: true,
  lapse_window_months: null,
  lapse_after_reminder: true,
};

/** The raw input of the settings form or API: strings as typed (numbers and booleans allowed). */
export type SettingsInput = Partial<
  Record<keyof BillingSettings, string | number | boolean | null>
>;

/** A yes/no as a form (radio "true"/"false", a checkbox "on") or JSON sends it; empty: null. */
function flag(v: unknown): boolean | null | undefined {
  if (v === true || v === "true" || v === "on") return true;
  if (v === false || v === "false") return false;
  return v === undefined || v === null || v === "" ? null : undefined;
}

const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v)).trim();
const opt = (v: unknown): string | null => text(v) || null;

function checkIbanField(field: string, raw: unknown, issues: Issue[]): string | null {
  const value = opt(raw);
  if (!value) return null;
  const r = validateIban(value, { countries: ["IT"] });
  if (r.ok) return r.value;
  issues.push({
    field,
    code: "invalid_iban",
    it: `IBAN non valido: ${r.message}.`,
    en: `Invalid IBAN (${r.code}).`,
  });
  return null;
}

/** Checks the Ente's settings; `values` is meaningful only when `issues` is empty. */
export function checkSettings(input: SettingsInput): { values: BillingSettings; issues: Issue[] } {
  const issues: Issue[] = [];
  const push = (field: string, code: string, it: string, en: string) =>
    issues.push({ field, code, it, en });
  const segregation = text(input.segregation_code);
  if (!/^[0-9]{2}$/.test(segregation)) {
    push(
      "segregation_code",
      "invalid_segregation_code",
      "Il codice di segregazione è di 2 cifre (lo assegna PagoPA all'Ente, es. 02).",
      "The segregation code has 2 digits (assigned by PagoPA, e.g. 02).",
    );
  }
  const iban = checkIbanField("iban", input.iban, issues);
  const postalAccount = opt(input.postal_account)?.replace(/\s/g, "") ?? null;
  if (postalAccount && !/^[0-9]{12}$/.test(postalAccount)) {
    push(
      "postal_account",
      "invalid_postal_account",
      "Il conto corrente postale è di 12 cifre.",
      "The postal account number has 12 digits.",
    );
  }
  const postalIban = checkIbanField("postal_iban", input.postal_iban, issues);
  if (postalAccount && !postalIban && !issues.some((i) => i.field === "postal_iban")) {
    push(
      "postal_iban",
      "postal_iban_required",
      "Con un conto corrente postale indica anche il suo IBAN.",
      "With a postal account, give its IBAN too.",
    );
  }
  if (postalIban && postalAccount && !postalIban.endsWith(postalAccount)) {
    push(
      "postal_iban",
      "postal_iban_mismatch",
      "L'IBAN postale non corrisponde al numero di conto corrente postale.",
      "The postal IBAN does not match the postal account number.",
    );
  }
  const cbill = opt(input.cbill)?.toUpperCase() ?? null;
  if (cbill && !/^[A-Z0-9]{5}$/.test(cbill)) {
    push(
      "cbill",
      "invalid_cbill",
      "Il codice CBILL è di 5 caratteri (lettere e cifre).",
      "The CBILL code has 5 letters or digits.",
    );
  }
  const lengths: [keyof BillingSettings, number][] = [
    ["postal_account_holder", 140],
    ["postal_authorization", 140],
    ["office_name", 140],
    ["office_contact", 300],
  ];
  for (const [field, max] of lengths) {
    if (text(input[field]).length > max) {
      push(field, "too_long", `Al massimo ${max} caratteri.`, `At most ${max} characters.`);
    }
  }
  const grouping = text(input.position_grouping) || "per_service";
  if (grouping !== "per_service" && grouping !== "aggregated") {
    push(
      "position_grouping",
      "invalid_grouping",
      "Scegli come raggruppare le posizioni debitorie.",
      "Choose how to group debt positions.",
    );
  }
  const dueText = text(input.due_days);
  const due = /^\d{1,3}$/.test(dueText) ? Number(dueText) : NaN;
  if (!(due >= 1 && due <= 365)) {
    push(
      "due_days",
      "invalid_due_days",
      "I giorni per il pagamento vanno da 1 a 365.",
      "Days to pay go from 1 to 365.",
    );
  }
  // Left empty (a client that does not know it yet), the default.
  const minText = text(input.reminder_min_days) || String(DEFAULT_SETTINGS.reminder_min_days);
  const minDays = /^\d{1,2}$/.test(minText) ? Number(minText) : NaN;
  if (!(minDays >= 1 && minDays <= 90)) {
    push(
      "reminder_min_days",
      "invalid_reminder_min_days",
      "I giorni tra due solleciti della stessa posizione vanno da 1 a 90.",
      "Days between two reminders of the same position go from 1 to 90.",
    );
  }
  const lapse = checkLapseRule(input, push);
  const gpd = input.gpd_enabled === true || input.gpd_enabled === "on" ||
    input.gpd_enabled === "true";
  if (!gpd && !iban && !postalIban && !issues.some((i) => i.field === "iban")) {
    // Without GPD the notices are paid on the Ente's own accounts: one is needed.
    push(
      "iban",
      "iban_required",
      "Senza GPD indica l'IBAN su cui incassare.",
      "Without GPD, give the IBAN that collects payments.",
    );
  }
  return {
    values: {
      segregation_code: segregation,
      iban,
      postal_account: postalAccount,
      postal_iban: postalIban,
      postal_account_holder: opt(input.postal_account_holder),
      postal_authorization: opt(input.postal_authorization),
      cbill,
      office_name: opt(input.office_name),
      office_contact: opt(input.office_contact),
      position_grouping: grouping as BillingSettings["position_grouping"],
      due_days: due,
      gpd_enabled: gpd,
      reminder_min_days: minDays,
      ...lapse,
    },
    issues,
  };
}

/**
 * The rule of decadenza of the settings form or API; a field left empty (a client that does not
 * know it yet) takes the law's value. A window applies only to instalments not consecutive.
 */
function checkLapseRule(
  input: SettingsInput,
  push: (field: string, code: string, it: string, en: string) => void,
): Pick<
  BillingSettings,
  | "lapse_missed_instalments"
  | "lapse_consecutive"
  | "lapse_window_months"
  | "lapse_after_reminder"
> {
  const missedText = text(input.lapse_missed_instalments) ||
    String(DEFAULT_SETTINGS.lapse_missed_instalments);
  const missed = /^\d{1,2}$/.test(missedText) ? Number(missedText) : NaN;
  if (!(missed >= 1 && missed <= 12)) {
    push(
      "lapse_missed_instalments",
      "invalid_lapse_missed_instalments",
      "Le rate non pagate che portano alla decadenza vanno da 1 a 12.",
      "The instalments missed for a lapse go from 1 to 12.",
    );
  }
  const flags = {
    lapse_consecutive: flag(input.lapse_consecutive),
    lapse_after_reminder: flag(input.lapse_after_reminder),
  };
  for (const [field, v] of Object.entries(flags)) {
    if (v === undefined) {
      push(field, `invalid_${field}`, "Scegli sì o no.", "Choose yes or no.");
    }
  }
  const consecutive = flags.lapse_consecutive ?? DEFAULT_SETTINGS.lapse_consecutive;
  const windowText = text(input.lapse_window_months);
  const window = windowText === "" ? null : /^\d{1,2}$/.test(windowText) ? Number(windowText) : NaN;
  if (window !== null && !(window >= 1 && window <= 24)) {
    push(
      "lapse_window_months",
      "invalid_lapse_window_months",
      "I mesi entro cui contare le rate non pagate vanno da 1 a 24 (vuoto: in qualunque momento).",
      "The months within which missed instalments count go from 1 to 24 (empty: at any time).",
    );
  } else if (window !== null && consecutive) {
    push(
      "lapse_window_months",
      "lapse_window_consecutive",
      "I mesi si indicano solo per rate anche non consecutive: per rate consecutive lascia vuoto.",
      "Months apply only to instalments that need not be consecutive: leave it empty for consecutive ones.",
    );
  }
  return {
    lapse_missed_instalments: missed,
    lapse_consecutive: consecutive,
    lapse_window_months: window,
    lapse_after_reminder: flags.lapse_after_reminder ?? DEFAULT_SETTINGS.lapse_after_reminder,
  };
}

export type ServiceBillingInput = Partial<
  Record<
    "mode" | "taxonomy_code" | "instalments" | "min_notice" | "vat_nature" | "vat_rate",
    string | number | null
  >
>;

/**
 * Checks how a service is billed. `min_notice` is euro as typed ("5,00") and `vat_rate` a
 * percentage ("22"); the API sends cents and basis points through `serviceBillingInputOf`.
 */
export function checkServiceBilling(
  input: ServiceBillingInput,
): { values: ServiceBilling; issues: Issue[] } {
  const issues: Issue[] = [];
  const push = (field: string, code: string, it: string, en: string) =>
    issues.push({ field, code, it, en });
  const mode = text(input.mode) as BillingMode;
  if (!BILLING_MODES.includes(mode)) {
    push("mode", "invalid_mode", "Scegli come si paga il servizio.", "Choose how it is billed.");
  }
  const taxonomy = text(input.taxonomy_code);
  if (!taxonomyOf(taxonomy)) {
    push(
      "taxonomy_code",
      "invalid_taxonomy",
      "Scegli il codice di tassonomia pagoPA del servizio.",
      "Choose the service's pagoPA taxonomy code.",
    );
  }
  const instText = text(input.instalments) || "1";
  const instalments = /^\d{1,2}$/.test(instText) ? Number(instText) : NaN;
  if (!(instalments >= 1 && instalments <= 12)) {
    push(
      "instalments",
      "invalid_instalments",
      "Le rate vanno da 1 (pagamento unico) a 12.",
      "Instalments go from 1 (single payment) to 12.",
    );
  }
  const minText = text(input.min_notice);
  const min = minText ? parseEuro(minText) : 0;
  if (min === null) {
    push(
      "min_notice",
      "invalid_amount",
      "Importo minimo non valido: scrivi ad esempio 5,00.",
      "Invalid minimum amount: write e.g. 5.00.",
    );
  }
  const natureText = text(input.vat_nature).toUpperCase();
  const nature = natureText || null;
  if (nature && !/^N[1-7](\.[0-9])?$/.test(nature)) {
    push(
      "vat_nature",
      "invalid_vat_nature",
      "La natura IVA è un codice da N1 a N7 (es. N4, N2.2).",
      "The VAT nature is a code from N1 to N7 (e.g. N4, N2.2).",
    );
  }
  const rateText = text(input.vat_rate);
  const rate = rateText ? parsePercent(rateText) : 0;
  if (rate === null || rate > 10_000) {
    push(
      "vat_rate",
      "invalid_vat_rate",
      "Aliquota IVA non valida: scrivi una percentuale da 0 a 100.",
      "Invalid VAT rate: write a percentage from 0 to 100.",
    );
  }
  if (mode === "invoice" && !nature && rate === 0) {
    push(
      "vat_nature",
      "vat_required",
      "Per la fattura indica l'aliquota IVA oppure la natura dell'esenzione.",
      "For invoices give the VAT rate or the nature of the exemption.",
    );
  }
  if (nature && rate && !issues.some((i) => i.field.startsWith("vat_"))) {
    push(
      "vat_nature",
      "vat_both",
      "Indica l'aliquota IVA oppure la natura dell'esenzione, non entrambe.",
      "Give either the VAT rate or the exemption's nature, not both.",
    );
  }
  return {
    values: {
      mode,
      taxonomy_code: taxonomy,
      instalments,
      min_notice_cents: min ?? 0,
      vat_nature: nature,
      vat_rate_bp: rate ?? 0,
    },
    issues,
  };
}

/** The form's strings for stored values. */
export function serviceBillingForm(v: ServiceBilling): Record<string, string> {
  return {
    mode: v.mode,
    taxonomy_code: v.taxonomy_code,
    instalments: String(v.instalments),
    min_notice: v.min_notice_cents ? centsToInput(v.min_notice_cents) : "",
    vat_nature: v.vat_nature ?? "",
    vat_rate: v.vat_rate_bp ? String(v.vat_rate_bp / 100).replace(".", ",") : "",
  };
}

const SETTINGS_COLUMNS = Object.keys(DEFAULT_SETTINGS) as (keyof BillingSettings)[];

/** The Ente's settings, or the defaults when never saved (`saved` false). */
export async function getSettings(
  tx: Tx,
): Promise<{ settings: BillingSettings; saved: boolean; updated_at: string | null }> {
  const [row] = await tx.query<BillingSettings & { updated_at: string }>(
    `select ${SETTINGS_COLUMNS.join(", ")}, updated_at::text from public.billing_settings
      where tenant_id = (select app.tenant_id())`,
  );
  if (!row) return { settings: { ...DEFAULT_SETTINGS }, saved: false, updated_at: null };
  const { updated_at, ...settings } = row;
  return { settings, saved: true, updated_at };
}

/**
 * The Ente's rule of decadenza for instalment plans (the law's while never saved), for any
 * member of the Ente: families read it too (`app.lapse_rule`), not the other settings.
 */
export async function getLapseRule(tx: Tx): Promise<LapseRule> {
  const [row] = await tx.query<Parameters<typeof lapseRuleOf>[0]>(
    "select * from app.lapse_rule()",
  );
  return lapseRuleOf(row ?? DEFAULT_SETTINGS);
}

/** Inserts or replaces the Ente's settings (audited by the table trigger). */
export async function saveSettings(tx: Tx, v: BillingSettings): Promise<void> {
  const cols = SETTINGS_COLUMNS;
  await tx.query(
    `insert into public.billing_settings (tenant_id, ${cols.join(", ")}, updated_by, updated_at)
     values ((select app.tenant_id()), ${cols.map((_, i) => `$${i + 1}`).join(", ")},
             app.user_id(), now())
     on conflict (tenant_id) do update set
       ${cols.map((c) => `${c} = excluded.${c}`).join(", ")},
       updated_by = excluded.updated_by, updated_at = now()`,
    cols.map((c) => v[c]),
  );
}

export interface ServiceBillingRow extends ServiceBilling {
  service_id: string;
  service_title: string;
  service_kind: string;
  service_code: string;
  /** False while the service has no billing row (the defaults are shown). */
  configured: boolean;
}

/** Every service of the Ente with how it is billed. */
export async function listServiceBilling(tx: Tx): Promise<ServiceBillingRow[]> {
  return await tx.query<ServiceBillingRow>(
    `select s.id as service_id, s.title as service_title, s.kind as service_kind,
            s.code as service_code, (b.service_id is not null) as configured,
            coalesce(b.mode, 'notice') as mode, b.taxonomy_code,
            coalesce(b.instalments, 1) as instalments,
            coalesce(b.min_notice_cents, 0) as min_notice_cents, b.vat_nature,
            coalesce(b.vat_rate_bp, 0) as vat_rate_bp
       from public.services s
       left join public.service_billing b on b.tenant_id = s.tenant_id and b.service_id = s.id
      where s.tenant_id = (select app.tenant_id()) and s.status <> 'archived'
      order by s.title, s.id`,
  );
}

/** One service's billing (null when the service is not the Ente's). */
export async function getServiceBilling(
  tx: Tx,
  serviceId: string,
): Promise<ServiceBillingRow | null> {
  const rows = await listServiceBilling(tx);
  return rows.find((r) => r.service_id === serviceId) ?? null;
}

/** Inserts or replaces how a service is billed (audited by the table trigger). */
export async function saveServiceBilling(
  tx: Tx,
  serviceId: string,
  v: ServiceBilling,
): Promise<void> {
  await tx.query(
    `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code, instalments,
                                         min_notice_cents, vat_nature, vat_rate_bp, updated_at)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5, $6, $7, now())
     on conflict (tenant_id, service_id) do update set
       mode = excluded.mode, taxonomy_code = excluded.taxonomy_code,
       instalments = excluded.instalments, min_notice_cents = excluded.min_notice_cents,
       vat_nature = excluded.vat_nature, vat_rate_bp = excluded.vat_rate_bp, updated_at = now()`,
    [
      serviceId,
      v.mode,
      v.taxonomy_code,
      v.instalments,
      v.min_notice_cents,
      v.vat_nature,
      v.vat_rate_bp,
    ],
  );
}
