/**
 * Reading an attendance file in the agreed layout (docs/attendance_csv.md): one row per child
 * and day, columns found by name in a header row (any order, case or accents), `;` or `,`
 * separated (the separator of the header wins), UTF-8 with or without BOM, Italian dates
 * (dd/mm/yyyy) or ISO ones, status P/A/D, pasto in bianco B. Pure: which enrollment a codice
 * fiscale means is decided later, against the database (csv_import.ts).
 *
 * @module
 */
import { columnIndex, fold, readCsvTable } from "../csv/table.ts";
import { isIsoDate } from "../calendar/dates.ts";
import { validateCodiceFiscale } from "../codes/codice_fiscale.ts";
import type { MarkStatus, Meal } from "./rules.ts";
import { isUuid } from "../codes/uuid.ts";

export const MAX_CSV_ROWS = 20_000;

export type CsvColumn =
  | "tax_code"
  | "enrollment_id"
  | "service_code"
  | "day"
  | "status"
  | "meal";

/** Header names people and e-registers use, folded (lowercase, no accents, single spaces). */
const ALIASES: Record<CsvColumn, string[]> = {
  tax_code: ["codice fiscale", "codicefiscale", "cf", "codice fiscale alunno", "tax code"],
  enrollment_id: ["iscrizione", "id iscrizione", "codice iscrizione", "enrollment id"],
  service_code: ["servizio", "codice servizio", "cod servizio", "service", "service code"],
  day: ["data", "giorno", "data presenza", "date", "day"],
  status: ["stato", "presenza", "esito", "status"],
  meal: ["pasto", "tipo pasto", "dieta in bianco", "pasto in bianco", "meal"],
};

export interface Message {
  it: string;
  en: string;
}

/** One good row: who (codice fiscale or enrollment id), which service, day, what. */
export interface CsvMark {
  line: number;
  tax_code: string | null;
  enrollment_id: string | null;
  service_code: string | null;
  day: string;
  status: MarkStatus;
  meal: Meal | null;
}

export interface CsvRowError {
  line: number;
  reason: Message;
}

export type CsvParse =
  | { ok: true; delimiter: ";" | ","; rows: CsvMark[]; errors: CsvRowError[] }
  | { ok: false; error: Message };

/** `12/03/2027`, `1/3/2027`, `12-03-2027`, `12.03.2027` or `2027-03-12` → ISO, else null. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return isIsoDate(t) ? t : null;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

const STATUS: Record<string, MarkStatus> = {
  p: "present",
  presente: "present",
  present: "present",
  a: "absent",
  assente: "absent",
  absent: "absent",
  d: "cancelled",
  disdetto: "cancelled",
  disdetta: "cancelled",
  cancelled: "cancelled",
};

const MEAL: Record<string, Meal | null> = {
  "": null,
  n: "standard",
  normale: "standard",
  standard: "standard",
  b: "white",
  bianco: "white",
  "in bianco": "white",
  "pasto in bianco": "white",
  white: "white",
  s: "white",
  si: "white",
};

/** Parses the whole file; rows with problems are listed with their line, the others kept. */
export function parseAttendanceCsv(text: string): CsvParse {
  const read = readCsvTable(text);
  if (!read.ok) return read;
  const { table, delimiter } = read;
  const index = columnIndex<CsvColumn>(table[0] ?? [], ALIASES);
  if (index.tax_code === undefined && index.enrollment_id === undefined) {
    return {
      ok: false,
      error: {
        it: "Manca la colonna «codice_fiscale» o «iscrizione» nella prima riga (intestazione).",
        en: "The header (first row) lacks a «codice_fiscale» or «iscrizione» column.",
      },
    };
  }
  const missing = (["day", "status"] as const).filter((c) => index[c] === undefined);
  if (index.tax_code !== undefined && index.service_code === undefined) {
    missing.push("service_code" as never);
  }
  if (missing.length) {
    const names = { day: "data", status: "stato", service_code: "servizio" } as Record<
      string,
      string
    >;
    const list = missing.map((m) => `«${names[m]}»`).join(", ");
    return {
      ok: false,
      error: {
        it: `Mancano nell'intestazione le colonne ${list}.`,
        en: `The header lacks the columns ${list}.`,
      },
    };
  }
  if (table.length - 1 > MAX_CSV_ROWS) {
    return {
      ok: false,
      error: {
        it: `Il file ha ${table.length - 1} righe: al massimo ${MAX_CSV_ROWS} per file.`,
        en: `The file has ${table.length - 1} rows: at most ${MAX_CSV_ROWS} per file.`,
      },
    };
  }

  const rows: CsvMark[] = [];
  const errors: CsvRowError[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r];
    const line = r + 1;
    if (cells.every((c) => c === "")) continue;
    const cell = (c: CsvColumn) => index[c] === undefined ? "" : (cells[index[c]!] ?? "").trim();
    const problems: Message[] = [];

    const id = cell("enrollment_id");
    const cfText = cell("tax_code");
    let taxCode: string | null = null;
    let enrollmentId: string | null = null;
    if (id) {
      if (isUuid(id)) enrollmentId = id.toLowerCase();
      else {
        problems.push({
          it: `codice iscrizione «${id}» non valido`,
          en: `enrollment id «${id}» is not valid`,
        });
      }
    } else if (cfText) {
      const cf = validateCodiceFiscale(cfText);
      if (cf.ok) taxCode = cf.value;
      else {
        problems.push({
          it: `codice fiscale «${cfText}»: ${cf.message.toLowerCase()}`,
          en: `codice fiscale «${cfText}» is not valid (${cf.code})`,
        });
      }
    } else {
      problems.push({
        it: "manca il codice fiscale o il codice iscrizione",
        en: "the codice fiscale or the enrollment id is missing",
      });
    }
    const service = cell("service_code").toUpperCase();
    if (!service && !enrollmentId && taxCode) {
      problems.push({ it: "manca il codice del servizio", en: "the service code is missing" });
    }
    const dayText = cell("day");
    const day = parseDay(dayText);
    if (!day) {
      problems.push(
        dayText
          ? {
            it: `data «${dayText}» non valida (usa gg/mm/aaaa)`,
            en: `date «${dayText}» is not valid (use dd/mm/yyyy)`,
          }
          : { it: "manca la data", en: "the date is missing" },
      );
    }
    const statusText = cell("status");
    const status = STATUS[fold(statusText)];
    if (!status) {
      problems.push({
        it: `stato «${statusText}» non valido (P presente, A assente, D disdetto)`,
        en: `status «${statusText}» is not valid (P present, A absent, D cancelled)`,
      });
    }
    const mealText = cell("meal");
    const meal = MEAL[fold(mealText)];
    if (meal === undefined) {
      problems.push({
        it: `pasto «${mealText}» non valido (vuoto o N normale, B in bianco)`,
        en: `meal «${mealText}» is not valid (empty or N standard, B plain)`,
      });
    } else if (meal === "white" && status && status !== "present") {
      problems.push({
        it: "il pasto in bianco vale solo per un presente",
        en: "a plain meal applies only to a present child",
      });
    }
    if (problems.length) {
      errors.push({
        line,
        reason: {
          it: capitalize(problems.map((p) => p.it).join("; ")) + ".",
          en: capitalize(problems.map((p) => p.en).join("; ")) + ".",
        },
      });
      continue;
    }
    rows.push({
      line,
      tax_code: taxCode,
      enrollment_id: enrollmentId,
      service_code: service || null,
      day: day!,
      status: status!,
      meal: status === "present" ? meal ?? null : null,
    });
  }
  return { ok: true, delimiter, rows, errors };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
