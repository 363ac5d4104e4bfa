/**
 * The Ente as cedente/prestatore: the rules of its invoice data (one function for the form and
 * the API) and their storage in `invoice_settings`.
 *
 * @module
 */

import { validateCodiceNumerico, validatePartitaIva } from "../codes/partita_iva.ts";
import type { Tx } from "../db/types.ts";
import { NATURES } from "./amounts.ts";
import type { Supplier } from "./xml.ts";

/** Regimi fiscali of the XSD (RF03 was abolished). RF01 is the ordinary one of a Comune. */
export const TAX_REGIMES = [
  "RF01",
  "RF02",
  "RF04",
  "RF05",
  "RF06",
  "RF07",
  "RF08",
  "RF09",
  "RF10",
  "RF11",
  "RF12",
  "RF13",
  "RF14",
  "RF15",
  "RF16",
  "RF17",
  "RF18",
  "RF19",
  "RF20",
] as const;

export interface InvoiceSettings {
  vat_number: string;
  tax_code: string;
  name: string;
  address: string;
  street_number: string | null;
  postal_code: string;
  municipality: string;
  province: string | null;
  tax_regime: string;
  rea_office: string | null;
  rea_number: string | null;
  number_prefix: string;
  transmitter_code: string | null;
  vat_references: Record<string, string>;
  stamp_duty: boolean;
}

/** Raw input (form fields or API body), all optional strings/booleans. */
export type SettingsInput = Partial<Record<keyof InvoiceSettings, unknown>>;

export interface FieldProblem {
  field: keyof InvoiceSettings;
  it: string;
  en: string;
}

function str(v: unknown): string {
  return typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "";
}

/** Checks and normalizes the Ente's invoice data: the values, or every problem by field. */
export function checkSettings(
  input: SettingsInput,
): { ok: true; value: InvoiceSettings } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: keyof InvoiceSettings, it: string, en: string) =>
    problems.push({ field, it, en });
  const vat = validatePartitaIva(str(input.vat_number));
  if (!vat.ok) {
    bad(
      "vat_number",
      "Partita IVA non valida (11 cifre con cifra di controllo corretta).",
      "Invalid partita IVA (11 digits with a correct check digit).",
    );
  }
  const cf = validateCodiceNumerico(str(input.tax_code));
  if (!cf.ok) {
    bad(
      "tax_code",
      "Codice fiscale dell'Ente non valido (11 cifre).",
      "Invalid codice fiscale of the Ente (11 digits).",
    );
  }
  const name = str(input.name);
  if (name.length < 2 || name.length > 80) {
    bad(
      "name",
      "Indicare la denominazione (da 2 a 80 caratteri).",
      "Enter the name (2 to 80 characters).",
    );
  }
  const address = str(input.address);
  if (address.length < 2 || address.length > 60) {
    bad(
      "address",
      "Indicare l'indirizzo della sede (da 2 a 60 caratteri).",
      "Enter the street of the seat (2 to 60 characters).",
    );
  }
  const streetNumber = str(input.street_number) || null;
  if (streetNumber && !/^[A-Za-z0-9/ -]{1,8}$/.test(streetNumber)) {
    bad(
      "street_number",
      "Numero civico non valido (al massimo 8 caratteri).",
      "Invalid street number (at most 8 characters).",
    );
  }
  const postal = str(input.postal_code);
  if (!/^[0-9]{5}$/.test(postal)) bad("postal_code", "Il CAP ha 5 cifre.", "The CAP has 5 digits.");
  const town = str(input.municipality);
  if (town.length < 2 || town.length > 60) {
    bad("municipality", "Indicare il comune della sede.", "Enter the municipality of the seat.");
  }
  const province = str(input.province).toUpperCase() || null;
  if (province && !/^[A-Z]{2}$/.test(province)) {
    bad(
      "province",
      "La provincia è la sigla di 2 lettere (per esempio FI).",
      "The province is its 2-letter code (e.g. FI).",
    );
  }
  const regime = str(input.tax_regime) || "RF01";
  if (!(TAX_REGIMES as readonly string[]).includes(regime)) {
    bad(
      "tax_regime",
      "Regime fiscale non previsto dal tracciato FatturaPA.",
      "Tax regime not in the FatturaPA schema.",
    );
  }
  const reaOffice = str(input.rea_office).toUpperCase() || null;
  const reaNumber = str(input.rea_number) || null;
  if (reaOffice && !/^[A-Z]{2}$/.test(reaOffice)) {
    bad(
      "rea_office",
      "L'ufficio REA è la sigla di 2 lettere della provincia.",
      "The REA office is a 2-letter province code.",
    );
  }
  if (reaNumber && !/^[A-Za-z0-9/-]{1,20}$/.test(reaNumber)) {
    bad(
      "rea_number",
      "Numero REA non valido (al massimo 20 caratteri).",
      "Invalid REA number (at most 20 characters).",
    );
  }
  if ((reaOffice === null) !== (reaNumber === null)) {
    bad(
      reaOffice ? "rea_number" : "rea_office",
      "Indicare sia l'ufficio sia il numero REA, oppure nessuno dei due.",
      "Give both the REA office and number, or neither.",
    );
  }
  const prefix = str(input.number_prefix).toUpperCase();
  if (!/^[A-Z0-9]{0,6}$/.test(prefix)) {
    bad(
      "number_prefix",
      "Il prefisso ha al massimo 6 lettere o cifre.",
      "The prefix has at most 6 letters or digits.",
    );
  }
  const transmitter = str(input.transmitter_code).toUpperCase() || null;
  if (transmitter && !/^[A-Z0-9]{11,16}$/.test(transmitter)) {
    bad(
      "transmitter_code",
      "Il codice del trasmittente è una partita IVA o un codice fiscale.",
      "The transmitter code is a partita IVA or a codice fiscale.",
    );
  }
  const refs: Record<string, string> = {};
  const rawRefs = input.vat_references;
  if (rawRefs !== undefined && rawRefs !== null) {
    if (typeof rawRefs !== "object" || Array.isArray(rawRefs)) {
      bad("vat_references", "Riferimenti normativi non validi.", "Invalid legal references.");
    } else {
      for (const [k, v] of Object.entries(rawRefs)) {
        const text = str(v);
        if (!text) continue;
        if (!(NATURES as readonly string[]).includes(k) || text.length > 100) {
          bad(
            "vat_references",
            `Riferimento normativo per ${k} non valido (natura ammessa, al massimo 100 caratteri).`,
            `Invalid legal reference for ${k} (an accepted natura, at most 100 characters).`,
          );
        } else refs[k] = text;
      }
    }
  }
  const stamp = input.stamp_duty;
  const stampDuty = stamp === undefined
    ? true
    : stamp === true || stamp === "on" || stamp === "true";
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      vat_number: (vat as { value: string }).value,
      tax_code: str(input.tax_code),
      name,
      address,
      street_number: streetNumber,
      postal_code: postal,
      municipality: town,
      province,
      tax_regime: regime,
      rea_office: reaOffice,
      rea_number: reaNumber,
      number_prefix: prefix,
      transmitter_code: transmitter,
      vat_references: refs,
      stamp_duty: stampDuty,
    },
  };
}

const COLUMNS = `vat_number, tax_code, name, address, street_number, postal_code, municipality,
  province, tax_regime, rea_office, rea_number, number_prefix, transmitter_code, vat_references,
  stamp_duty`;

/** The Ente's invoice data, or null when not configured yet (RLS: staff). */
export async function getSettings(tx: Tx, tenantId: string): Promise<InvoiceSettings | null> {
  const [row] = await tx.query<InvoiceSettings>(
    `select ${COLUMNS} from public.invoice_settings where tenant_id = $1`,
    [tenantId],
  );
  return row ?? null;
}

/** Saves the Ente's invoice data (insert or update; audited by trigger). */
export async function saveSettings(
  tx: Tx,
  tenantId: string,
  v: InvoiceSettings,
  userId: string | null,
): Promise<InvoiceSettings> {
  const [row] = await tx.query<InvoiceSettings>(
    `insert into public.invoice_settings as s (tenant_id, ${COLUMNS}, updated_by, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, now())
     on conflict (tenant_id) do update set
       vat_number = excluded.vat_number, tax_code = excluded.tax_code, name = excluded.name,
       address = excluded.address, street_number = excluded.street_number,
       postal_code = excluded.postal_code, municipality = excluded.municipality,
       province = excluded.province, tax_regime = excluded.tax_regime,
       rea_office = excluded.rea_office, rea_number = excluded.rea_number,
       number_prefix = excluded.number_prefix, transmitter_code = excluded.transmitter_code,
       vat_references = excluded.vat_references, stamp_duty = excluded.stamp_duty,
       updated_by = excluded.updated_by, updated_at = now()
     returning ${COLUMNS}`,
    [
      tenantId,
      v.vat_number,
      v.tax_code,
      v.name,
      v.address,
      v.street_number,
      v.postal_code,
      v.municipality,
      v.province,
      v.tax_regime,
      v.rea_office,
      v.rea_number,
      v.number_prefix,
      v.transmitter_code,
      v.vat_references,
      v.stamp_duty,
      userId,
    ],
  );
  return row;
}

/** Settings as the XML builder wants them. */
export function supplierOf(s: InvoiceSettings): Supplier {
  return {
    vatNumber: s.vat_number,
    taxCode: s.tax_code,
    name: s.name,
    address: {
      street: s.address,
      number: s.street_number,
      postalCode: s.postal_code,
      municipality: s.municipality,
      province: s.province,
    },
    taxRegime: s.tax_regime,
    reaOffice: s.rea_office,
    reaNumber: s.rea_number,
    transmitterCode: s.transmitter_code,
    vatReferences: s.vat_references ?? {},
    stampDuty: s.stamp_duty,
  };
}

/** The supplier and number prefix of an Ente, or null when not configured. */
export async function loadSupplier(
  tx: Tx,
  tenantId: string,
): Promise<{ supplier: Supplier; numberPrefix: string } | null> {
  const s = await getSettings(tx, tenantId);
  return s ? { supplier: supplierOf(s), numberPrefix: s.number_prefix } : null;
}
