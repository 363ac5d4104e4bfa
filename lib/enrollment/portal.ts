/**
 * Rules of the families' portal that need no database: the enrollment window as a family reads
 * it, the steps of the application wizard, the declarations a family accepts, the checks on the
 * applicant's contacts, on a child added by hand and on an uploaded certificate (its bytes, not
 * its name, decide the type).
 *
 * @module
 */

import { validateCodiceFiscale } from "../codes/mod.ts";

export type Lang = "it" | "en";
export interface Message {
  it: string;
  en: string;
}
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, Message> };

// ---------------------------------------------------------------------------------------------
// Enrollment window

export type WindowState =
  | { state: "open"; closes: string }
  | { state: "upcoming"; opens: string }
  | { state: "closed" }
  | { state: "none" };

/** Where `now` falls in the window `[opens, closes]` (ISO instants, either may be null). */
export function windowState(
  opens: string | null,
  closes: string | null,
  now: Date = new Date(),
): WindowState {
  if (!opens || !closes) return { state: "none" };
  const t = now.getTime();
  if (t < new Date(opens).getTime()) return { state: "upcoming", opens };
  if (t > new Date(closes).getTime()) return { state: "closed" };
  return { state: "open", closes };
}

// ---------------------------------------------------------------------------------------------
// Wizard steps

export const STEPS = [
  { slug: "richiedente", it: "Servizi e richiedente", en: "Services and applicant" },
  { slug: "bambini", it: "Bambini", en: "Children" },
  { slug: "dettagli", it: "Dati del servizio", en: "Service details" },
  { slug: "dichiarazioni", it: "Dichiarazioni", en: "Declarations" },
  { slug: "riepilogo", it: "Riepilogo e invio", en: "Review and submit" },
] as const;
export type StepSlug = typeof STEPS[number]["slug"];

/** What a draft already holds, to tell which step to resume from. */
export interface DraftProgress {
  hasApplicant: boolean;
  items: { id: string; detailsDone: boolean }[];
  hasDeclarations: boolean;
}

/** The path (below `/famiglie/domande/{id}/`) of the first step still to complete. */
export function resumeStep(p: DraftProgress): string {
  if (!p.hasApplicant) return "richiedente";
  if (p.items.length === 0) return "bambini";
  const todo = p.items.find((i) => !i.detailsDone);
  if (todo) return `dettagli/${todo.id}`;
  if (!p.hasDeclarations) return "dichiarazioni";
  return "riepilogo";
}

// ---------------------------------------------------------------------------------------------
// Declarations

export const DECLARATIONS = [
  {
    code: "truthful",
    it: "Dichiaro che i dati indicati sono veri, consapevole delle sanzioni penali previste " +
      "dall'art. 76 del D.P.R. 445/2000 per le dichiarazioni false.",
    en: "I declare that the data given are true, aware of the criminal penalties for false " +
      "declarations (art. 76 of Presidential Decree 445/2000).",
  },
  {
    code: "other_parent",
    it: "Dichiaro che la domanda è presentata d'intesa con l'altro genitore o esercente la " +
      "responsabilità genitoriale (artt. 316, 337-ter e 337-quater del Codice civile).",
    en: "I declare that the application is made in agreement with the other parent or holder of " +
      "parental responsibility (articles 316, 337-ter and 337-quater of the Civil Code).",
  },
  {
    code: "rules",
    it: "Dichiaro di aver letto e di accettare il regolamento e le tariffe del servizio, e di " +
      "impegnarmi a pagare le quote dovute.",
    en: "I declare that I have read and accept the rules and tariffs of the service and that I " +
      "will pay the fees due.",
  },
  {
    code: "privacy",
    it: "Ho letto l'informativa sul trattamento dei dati personali (art. 13 del Regolamento UE " +
      "2016/679): i dati, compresi quelli sanitari per le diete, sono trattati dal Comune solo " +
      "per gestire il servizio.",
    en: "I have read the privacy notice (art. 13 of EU Regulation 2016/679): the data, including " +
      "health data for diets, are processed by the Comune only to run the service.",
  },
] as const;

/** The ticked declarations, each stamped with `now`; every one is required. */
export function parseDeclarations(
  body: Record<string, unknown>,
  now: Date = new Date(),
): Checked<Record<string, string>> {
  const out: Record<string, string> = {};
  const errors: Record<string, Message> = {};
  for (const d of DECLARATIONS) {
    if (body[`decl_${d.code}`] === "on") out[d.code] = now.toISOString();
    else {
      errors[`decl_${d.code}`] = d.code === "privacy"
        ? {
          it: "Per inviare la domanda occorre prendere visione dell'informativa sulla privacy.",
          en: "Accept the privacy notice to submit the application.",
        }
        : {
          it: "Questa dichiarazione è obbligatoria per presentare la domanda.",
          en: "This declaration is required to apply.",
        };
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------
// Applicant's contacts

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const MOBILE = /^[+(]?[0-9][0-9 ./()-]{4,28}[0-9]$/;

export interface Contacts {
  email: string;
  mobile?: string;
  address?: string;
}

/** E-mail required, mobile and address optional but well formed. */
export function parseContacts(body: Record<string, unknown>): Checked<Contacts> {
  const s = (k: string) => typeof body[k] === "string" ? (body[k] as string).trim() : "";
  const errors: Record<string, Message> = {};
  const email = s("email");
  const mobile = s("mobile");
  const address = s("address");
  if (!email) {
    errors.email = {
      it: "Indica l'indirizzo e-mail a cui ricevere le comunicazioni.",
      en: "Enter the e-mail address for communications.",
    };
  } else if (!EMAIL.test(email) || email.length > 200) {
    errors.email = {
      it: "L'indirizzo e-mail non è valido (esempio: nome@esempio.it).",
      en: "The e-mail address is not valid (example: name@example.com).",
    };
  }
  if (mobile && !MOBILE.test(mobile)) {
    errors.mobile = {
      it: "Il numero di cellulare non è valido (solo cifre, spazi e +).",
      en: "The mobile number is not valid (digits, spaces and + only).",
    };
  }
  if (address.length > 300) {
    errors.address = {
      it: "L'indirizzo è troppo lungo (al massimo 300 caratteri).",
      en: "The address is too long (at most 300 characters).",
    };
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { email, ...(mobile ? { mobile } : {}), ...(address ? { address } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// A child added by hand (not yet in the Comune's registry)

export interface NewChild {
  surname: string;
  name: string;
  tax_code: string;
  birth_date: string;
  sex: "M" | "F";
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a child typed in by the family: names, birth date (not in the future, under 18 on
 * `today`), sex, and a codice fiscale that is valid and matches surname, name, birth date and sex.
 */
export function parseNewChild(body: Record<string, unknown>, today: string): Checked<NewChild> {
  const s = (k: string) => typeof body[k] === "string" ? (body[k] as string).trim() : "";
  const errors: Record<string, Message> = {};
  const surname = s("child_surname");
  const name = s("child_name");
  const birth = s("child_birth_date");
  const sex = s("child_sex");
  const cf = s("child_tax_code").replace(/\s+/g, "").toUpperCase();
  if (!surname || surname.length > 100) {
    errors.child_surname = {
      it: "Indica il cognome del bambino.",
      en: "Enter the child's surname.",
    };
  }
  if (!name || name.length > 100) {
    errors.child_name = { it: "Indica il nome del bambino.", en: "Enter the child's name." };
  }
  const validDate = DATE.test(birth) && !Number.isNaN(Date.parse(`${birth}T00:00:00Z`)) &&
    new Date(`${birth}T00:00:00Z`).toISOString().slice(0, 10) === birth;
  if (!validDate) {
    errors.child_birth_date = {
      it: "Indica la data di nascita del bambino (giorno, mese e anno).",
      en: "Enter the child's date of birth (day, month and year).",
    };
  } else if (birth > today) {
    errors.child_birth_date = {
      it: "La data di nascita non può essere nel futuro.",
      en: "The date of birth cannot be in the future.",
    };
  } else if (Number(today.slice(0, 4)) - Number(birth.slice(0, 4)) > 18) {
    errors.child_birth_date = {
      it: "I servizi sono per minorenni: controlla la data di nascita.",
      en: "The services are for minors: check the date of birth.",
    };
  }
  if (sex !== "M" && sex !== "F") {
    errors.child_sex = { it: "Indica il sesso del bambino.", en: "Enter the child's sex." };
  }
  if (!cf) {
    errors.child_tax_code = {
      it: "Indica il codice fiscale del bambino.",
      en: "Enter the child's codice fiscale.",
    };
  } else {
    const expected = {
      ...(surname ? { surname } : {}),
      ...(name ? { name } : {}),
      ...(validDate ? { birthDate: birth } : {}),
      ...(sex === "M" || sex === "F" ? { sex: sex as "M" | "F" } : {}),
    };
    const r = validateCodiceFiscale(cf, { expected });
    if (!r.ok) {
      errors.child_tax_code = {
        it: `${r.message}.`,
        en: "The codice fiscale is not valid or does not match the child's data.",
      };
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { surname, name, tax_code: cf, birth_date: birth, sex: sex as "M" | "F" },
  };
}

// ---------------------------------------------------------------------------------------------
// Certificates and attachments

export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type DocumentType = typeof DOCUMENT_TYPES[number];
/** 5 MiB: a scanned certificate of a few pages fits; a phone photo at full size usually too. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** The body limit of the upload forms of the portal: above the cap, so the message is shown. */
export const DOCUMENT_BODY_BYTES = 8 * 1024 * 1024;

const mb = (bytes: number, lang: Lang) =>
  `${
    (bytes / (1024 * 1024)).toLocaleString(lang === "it" ? "it-IT" : "en-GB", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    })
  } MB`;

const starts = (b: Uint8Array, sig: number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The type the first bytes prove (PDF, JPEG, PNG), or null. */
export function sniffDocument(bytes: Uint8Array): DocumentType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (starts(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  return null;
}

/** Checks an uploaded document: not empty, at most MAX_DOCUMENT_BYTES, PDF/JPEG/PNG by content. */
export function checkDocument(bytes: Uint8Array, what: Message): Checked<DocumentType> {
  const fail = (it: string, en: string) => ({ ok: false as const, errors: { file: { it, en } } });
  if (bytes.length === 0) {
    return fail(
      `Scegli il file del ${what.it}: quello inviato è vuoto.`,
      `Choose the ${what.en} file: the one sent is empty.`,
    );
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return fail(
      `Il ${what.it} supera il massimo di 5 MB (pesa ${mb(bytes.length, "it")}). ` +
        "Scansionalo a risoluzione più bassa o in PDF.",
      `The ${what.en} is over the 5 MB maximum (it is ${mb(bytes.length, "en")}). ` +
        "Scan it at a lower resolution or as a PDF.",
    );
  }
  const type = sniffDocument(bytes);
  if (!type) {
    return fail(
      `Il ${what.it} deve essere un file PDF, JPEG o PNG (conta il contenuto, non ` +
        "l'estensione del nome).",
      `The ${what.en} must be a PDF, JPEG or PNG file (the content counts, not the file name's ` +
        "extension).",
    );
  }
  return { ok: true, value: type };
}

/** A file name safe to store and show: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string, type: DocumentType): string {
  // deno-lint-ignore no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>]/g, "").trim();
  const ext = type === "application/pdf" ? ".pdf" : type === "image/png" ? ".png" : ".jpg";
  return (base || `documento${ext}`).slice(0, 255);
}
