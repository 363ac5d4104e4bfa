/**
 * Prepaid wallet rules (borsellino), pure: the band a balance is in, what a family is told when
 * it moves to a worse band, and the checks of the forms and the API (top-up amount, office
 * adjustment, the Ente's settings). The same band is computed in SQL (`app.wallet_level`): the
 * tests keep the two in step.
 *
 * A child is never refused a meal by the software: bands only alert and flag.
 *
 * @module
 */
import { formatEuro, parseEuro } from "../tariffs/money.ts";

export const LEVELS = ["ok", "low", "negative", "over_grace"] as const;
export type Level = typeof LEVELS[number];

export const LEVEL_LABELS: Record<Level, { it: string; en: string }> = {
  ok: { it: "Regolare", en: "In order" },
  low: { it: "Sotto la soglia", en: "Below threshold" },
  negative: { it: "Negativo", en: "Negative" },
  over_grace: { it: "Oltre la tolleranza", en: "Beyond the grace amount" },
};

export const KINDS = ["top_up", "use", "refund", "adjustment"] as const;
export type MovementKind = typeof KINDS[number];

export const KIND_LABELS: Record<MovementKind, { it: string; en: string }> = {
  top_up: { it: "Ricarica", en: "Top-up" },
  use: { it: "Consumo", en: "Use" },
  refund: { it: "Storno", en: "Refund" },
  adjustment: { it: "Rettifica dell'ufficio", en: "Office adjustment" },
};

export const SCOPES = ["payer", "beneficiary"] as const;
export type Scope = typeof SCOPES[number];

/** The band of a balance (as `app.wallet_level`): grace 0 means any negative balance is over it. */
export function levelOf(balance: number, threshold: number, grace: number): Level {
  if (balance < -grace) return "over_grace";
  if (balance < 0) return "negative";
  if (balance < threshold) return "low";
  return "ok";
}

/** Whether moving from band `from` to `to` raises an alert: only towards a worse band. */
export function isWorse(from: Level, to: Level): boolean {
  return LEVELS.indexOf(to) > LEVELS.indexOf(from);
}

export interface AlertFacts {
  level: Exclude<Level, "ok">;
  balance_cents: number;
  threshold_cents: number;
  grace_cents: number;
  /** Whose wallet: "Sofia Ricci" for a per-child wallet, else null. */
  child: string | null;
}

/** Subject and text of the e-mail and push a family gets when its wallet moves to a worse band. */
export function alertMessage(a: AlertFacts, lang: "it" | "en" = "it") {
  const it = lang === "it";
  const whose = a.child ? (it ? ` di ${a.child}` : ` of ${a.child}`) : "";
  const balance = formatEuro(a.balance_cents, lang);
  const title = a.level === "low"
    ? (it ? `Borsellino${whose} quasi esaurito` : `Wallet${whose} running low`)
    : (it ? `Borsellino${whose} in negativo` : `Wallet${whose} below zero`);
  const why = a.level === "low"
    ? (it
      ? `Il saldo è ${balance}, sotto la soglia di ${formatEuro(a.threshold_cents, lang)}.`
      : `The balance is ${balance}, below the threshold of ${formatEuro(a.threshold_cents, lang)}.`)
    : a.level === "negative"
    ? (it
      ? `Il saldo è ${balance}: i consumi continuano a essere registrati, ma il credito è finito.`
      : `The balance is ${balance}: uses are still recorded, but the credit has run out.`)
    : (it
      ? `Il saldo è ${balance}, oltre la tolleranza di ${
        formatEuro(a.grace_cents, lang)
      } concessa dall'Ente: l'ufficio è stato avvisato.`
      : `The balance is ${balance}, beyond the grace amount of ${
        formatEuro(a.grace_cents, lang)
      } allowed by the Ente: the office has been told.`);
  const act = it
    ? "Puoi ricaricarlo con pagoPA dalla pagina Borsellino dell'area famiglie."
    : "You can top it up through pagoPA from the Wallet page of the family area.";
  return { title, body: `${why} ${act}` };
}

/** A refusal about one field, in both languages. */
export interface Issue {
  field: string;
  code: string;
  it: string;
  en: string;
}

export interface Limits {
  min_top_up_cents: number;
  max_top_up_cents: number;
}

/** The amount of a top-up typed by a family ("25", "25,50 €"): cents, or the refusal. */
export function checkTopUp(raw: string, limits: Limits): { cents: number | null; issues: Issue[] } {
  const cents = parseEuro(raw);
  const range = `${formatEuro(limits.min_top_up_cents)} e ${formatEuro(limits.max_top_up_cents)}`;
  const rangeEn = `${formatEuro(limits.min_top_up_cents, "en")} and ${
    formatEuro(limits.max_top_up_cents, "en")
  }`;
  if (cents === null) {
    return {
      cents: null,
      issues: [{
        field: "importo",
        code: "amount_invalid",
        it: `Scrivere l'importo in euro, per esempio 25 o 25,50, tra ${range}.`,
        en: `Write the amount in euro, e.g. 25 or 25.50, between ${rangeEn}.`,
      }],
    };
  }
  if (cents < limits.min_top_up_cents || cents > limits.max_top_up_cents) {
    return {
      cents,
      issues: [{
        field: "importo",
        code: "amount_out_of_range",
        it: `La ricarica deve essere tra ${range}.`,
        en: `The top-up must be between ${rangeEn}.`,
      }],
    };
  }
  return { cents, issues: [] };
}

/**
 * An office adjustment: a signed amount ("-4,50" takes money out, "10" puts it in), never zero,
 * up to 10.000,00 € either way, and a reason of 5 to 1000 characters (it is audited and shown
 * to the family).
 */
export function checkAdjustment(
  raw: string,
  reason: string,
): { cents: number | null; reason: string; issues: Issue[] } {
  const issues: Issue[] = [];
  const s = raw.trim().replace(/^\+/, "");
  const negative = /^[-−]/.test(s);
  const abs = parseEuro(s.replace(/^[-−]\s*/, ""));
  let cents: number | null = abs === null ? null : negative ? -abs : abs;
  if (abs === null) {
    issues.push({
      field: "importo",
      code: "amount_invalid",
      it: "Scrivere l'importo in euro, con il segno meno per un addebito (es. -4,50).",
      en: "Write the amount in euro, with a minus sign for a debit (e.g. -4.50).",
    });
  } else if (abs === 0 || abs > 1_000_000) {
    cents = null;
    issues.push({
      field: "importo",
      code: "amount_out_of_range",
      it: "L'importo non può essere zero né superare 10.000,00 €.",
      en: "The amount can be neither zero nor above €10,000.00.",
    });
  }
  const why = reason.trim();
  if (why.length < 5 || why.length > 1000) {
    issues.push({
      field: "motivo",
      code: "reason_required",
      it: "Scrivere il motivo della rettifica (da 5 a 1000 caratteri): resta nel registro.",
      en: "Write the reason of the adjustment (5 to 1000 characters): it is logged.",
    });
  }
  return { cents, reason: why, issues };
}

/** A threshold or grace typed by the office ("10", "10,00"), 0 to 100.000,00 €. */
export function checkCents(raw: string, field: string, what: { it: string; en: string }) {
  const cents = parseEuro(raw);
  if (cents === null || cents > 10_000_000) {
    return {
      cents: null,
      issues: [{
        field,
        code: "amount_invalid",
        it: `${what.it}: scrivere un importo in euro da 0 a 100.000,00 (es. 10 o 10,50).`,
        en: `${what.en}: write an amount in euro from 0 to 100,000.00 (e.g. 10 or 10.50).`,
      }] as Issue[],
    };
  }
  return { cents, issues: [] as Issue[] };
}

/** What a top-up refusal of `app.wallet_top_up` ('wallet:<code>') means for people. */
export const TOP_UP_REFUSALS: Record<string, { it: string; en: string; status: number }> = {
  not_found: { it: "Borsellino non trovato.", en: "No such wallet.", status: 404 },
  amount_out_of_range: {
    it: "L'importo della ricarica è fuori dai limiti stabiliti dall'Ente.",
    en: "The top-up amount is outside the limits set by the Ente.",
    status: 422,
  },
  too_many_open: {
    it:
      "Ci sono già 5 ricariche da pagare per questo borsellino: paga o attendi l'accredito di quelle prima di crearne altre.",
    en:
      "There are already 5 top-ups to pay for this wallet: pay them or wait for them to be credited before creating more.",
    status: 409,
  },
  iban_missing: {
    it:
      "L'Ente non ha ancora configurato il conto per i pagamenti pagoPA: la ricarica non è possibile, riprova più tardi o contatta l'ufficio.",
    en:
      "The Ente has not configured the account for pagoPA payments yet: top-ups are not possible, try later or contact the office.",
    status: 409,
  },
  no_prepaid_service: {
    it: "Nessun servizio dell'Ente è a consumo prepagato: non c'è nulla da ricaricare.",
    en: "No service of the Ente is prepaid: there is nothing to top up.",
    status: 409,
  },
  payer_without_tax_code: {
    it:
      "Chi paga non ha un codice fiscale registrato: pagoPA lo richiede. Contatta l'ufficio per aggiungerlo.",
    en:
      "The payer has no codice fiscale on record: pagoPA requires it. Contact the office to add it.",
    status: 409,
  },
};

/** The code of a refusal raised as 'wallet:<code>', or null for any other error. */
export function refusalCode(err: unknown): string | null {
  const m = /wallet:([a-z_]+)/.exec(String((err as { message?: unknown })?.message ?? ""));
  return m && m[1] in TOP_UP_REFUSALS ? m[1] : null;
}
