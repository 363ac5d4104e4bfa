/**
 * Server-side validation of a filled-in online form against its definition, with a specific
 * message per field in Italian and English. Hidden conditional fields are ignored and dropped.
 *
 * @module
 */

import { validateCodiceFiscale } from "../codes/mod.ts";
import { checkEmail, checkPhone } from "../tenancy/rules.ts";
import {
  type Field,
  FILE_TYPES,
  type FileType,
  type FormDefinition,
  isVisible,
} from "./definition.ts";

/** A file as received: its declared name, type and size, and its first bytes when known. */
export interface UploadedFile {
  name: string;
  type: string;
  size: number;
  head?: Uint8Array;
}

export type RawValue = string | UploadedFile | undefined;
export type RawValues = Record<string, RawValue>;

export interface FileValue {
  name: string;
  type: FileType;
  size: number;
}
export type FormValue = string | number | boolean | FileValue | null;

export interface Message {
  it: string;
  en: string;
}

export type Validation =
  | { ok: true; values: Record<string, FormValue> }
  | { ok: false; errors: Record<string, Message>; values: Record<string, FormValue> };

const isFile = (v: RawValue): v is UploadedFile => typeof v === "object" && v !== null;
const text = (v: RawValue) => typeof v === "string" ? v.trim() : "";

/** "1.234,5" is not accepted (ambiguous); "12,5" and "12.5" are. */
const NUMBER = /^-?\d{1,15}([.,]\d{1,6})?$/;
const ITALIAN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function formatNumber(n: number): string {
  return new Intl.NumberFormat("it-IT", { maximumFractionDigits: 6 }).format(n);
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function readDate(s: string): string | null {
  const it = ITALIAN_DATE.exec(s);
  const iso = it ? `${it[3]}-${it[2].padStart(2, "0")}-${it[1].padStart(2, "0")}` : s;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Magic numbers: a file must be what its type says (a renamed .exe is not a PDF). */
const SIGNATURES: Record<FileType, number[]> = {
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

function fileTypeOf(f: UploadedFile, accept: FileType[]): FileType | null {
  const name = f.name.toLowerCase();
  return accept.find((t) =>
    (f.type === t || f.type === "" || f.type === "application/octet-stream") &&
    FILE_TYPES[t].extensions.some((e) => name.endsWith(e))
  ) ?? null;
}

function matchesSignature(head: Uint8Array, type: FileType): boolean {
  const sig = SIGNATURES[type];
  return head.length >= sig.length && sig.every((b, i) => head[i] === b);
}

/** Checks one visible field; returns its value or a message. */
function checkField(f: Field, raw: RawValue): { value: FormValue } | { error: Message } {
  const q = `«${f.label}»`;
  const fail = (it: string, en: string) => ({ error: { it, en } });
  if (f.type === "file") {
    if (!isFile(raw) || raw.size === 0) {
      return f.required
        ? fail(`Allega il file richiesto in ${q}.`, `Attach the file requested in ${q}.`)
        : { value: null };
    }
    const kinds = f.accept.map((t) => FILE_TYPES[t].label).join(" o ");
    const type = fileTypeOf(raw, f.accept);
    if (!type) {
      return fail(
        `Il file allegato in ${q} deve essere in formato ${kinds}.`,
        `The file attached in ${q} must be ${
          f.accept.map((t) => FILE_TYPES[t].label).join(" or ")
        }.`,
      );
    }
    if (raw.head && !matchesSignature(raw.head, type)) {
      return fail(
        `Il contenuto del file allegato in ${q} non è un ${FILE_TYPES[type].label} valido.`,
        `The content of the file attached in ${q} is not a valid ${FILE_TYPES[type].label}.`,
      );
    }
    if (raw.size > f.max_size_mb * 1024 * 1024) {
      const max = formatNumber(f.max_size_mb);
      return fail(
        `Il file allegato in ${q} supera la dimensione massima di ${max} MB.`,
        `The file attached in ${q} is larger than ${max} MB.`,
      );
    }
    return { value: { name: raw.name, type, size: raw.size } };
  }
  if (f.type === "checkbox") {
    const checked = text(raw) !== "";
    if (f.required && !checked) {
      return fail(`Per proseguire seleziona ${q}.`, `To continue, tick ${q}.`);
    }
    return { value: checked };
  }
  const s = text(raw);
  if (s === "") {
    if (!f.required) return { value: null };
    if (f.type === "select" || f.type === "radio") {
      return fail(`Scegli una risposta per ${q}.`, `Choose an answer for ${q}.`);
    }
    return fail(`Compila il campo ${q}.`, `Fill in ${q}.`);
  }
  switch (f.type) {
    case "text":
    case "textarea": {
      const len = [...s].length;
      const max = f.max_length ?? (f.type === "text" ? 200 : 2000);
      if (f.min_length !== undefined && len < f.min_length) {
        return fail(
          `${q} deve avere almeno ${f.min_length} caratteri (ora ${len}).`,
          `${q} needs at least ${f.min_length} characters (now ${len}).`,
        );
      }
      if (len > max) {
        return fail(
          `${q} può avere al massimo ${max} caratteri (ora ${len}).`,
          `${q} can have at most ${max} characters (now ${len}).`,
        );
      }
      return { value: s };
    }
    case "number": {
      if (!NUMBER.test(s)) {
        return fail(
          `${q} deve essere un numero, ad esempio 12 oppure 12,5.`,
          `${q} must be a number, e.g. 12 or 12.5.`,
        );
      }
      const n = Number(s.replace(",", "."));
      if (f.integer && !Number.isInteger(n)) {
        return fail(`${q} deve essere un numero intero.`, `${q} must be a whole number.`);
      }
      if (f.min !== undefined && n < f.min) {
        return fail(
          `${q} non può essere inferiore a ${formatNumber(f.min)}.`,
          `${q} cannot be less than ${f.min}.`,
        );
      }
      if (f.max !== undefined && n > f.max) {
        return fail(
          `${q} non può essere superiore a ${formatNumber(f.max)}.`,
          `${q} cannot be more than ${f.max}.`,
        );
      }
      return { value: n };
    }
    case "date": {
      const d = readDate(s);
      if (!d) {
        return fail(
          `${q} deve essere una data valida, ad esempio 15/09/2026.`,
          `${q} must be a valid date, e.g. 15/09/2026.`,
        );
      }
      if (f.min && d < f.min) {
        return fail(
          `${q} non può essere precedente al ${formatDate(f.min)}.`,
          `${q} cannot be before ${f.min}.`,
        );
      }
      if (f.max && d > f.max) {
        return fail(
          `${q} non può essere successiva al ${formatDate(f.max)}.`,
          `${q} cannot be after ${f.max}.`,
        );
      }
      return { value: d };
    }
    case "select":
    case "radio":
      if (!f.options.some((o) => o.value === s)) {
        return fail(
          `La risposta scelta per ${q} non è tra quelle previste.`,
          `The answer chosen for ${q} is not one of the options.`,
        );
      }
      return { value: s };
    case "email": {
      const r = checkEmail(s);
      return r.ok
        ? { value: r.value }
        : fail(`${q}: ${lower(r.problem.it)}`, `${q}: ${lower(r.problem.en)}`);
    }
    case "phone": {
      const r = checkPhone(s);
      return r.ok
        ? { value: r.value }
        : fail(`${q}: ${lower(r.problem.it)}`, `${q}: ${lower(r.problem.en)}`);
    }
    case "codice_fiscale": {
      const r = validateCodiceFiscale(s);
      return r.ok ? { value: r.value } : fail(
        `${q}: ${lower(r.message)}.`,
        `${q}: ${CF_EN[r.code] ?? "the codice fiscale is not valid"}.`,
      );
    }
  }
}

const CF_EN: Record<string, string> = {
  characters: "a codice fiscale has only letters and digits",
  length: "a codice fiscale has 16 characters",
  format: "letters and digits are out of place",
  month: "the birth month letter (9th character) is not valid",
  day: "the birth day is not valid",
  place: "the birth place code (characters 12–15) is not valid",
  checksum: "the check character (the last one) is wrong",
  numeric_not_allowed: "a person's codice fiscale has 16 characters",
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Validates `raw` (keyed by field name) against `def`. Hidden fields are skipped and left out of
 * `values`; unknown keys are ignored.
 */
export function validateSubmission(def: FormDefinition, raw: RawValues): Validation {
  const values: Record<string, FormValue> = {};
  const errors: Record<string, Message> = {};
  const valueOf = (name: string) => {
    const v = raw[name];
    return typeof v === "string" ? v.trim() : undefined;
  };
  for (const f of def.fields) {
    if (!isVisible(def, f, valueOf)) continue;
    const r = checkField(f, raw[f.name]);
    if ("error" in r) errors[f.name] = r.error;
    else values[f.name] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, values };
}
