/**
 * The paper reminder letter ("lettera di sollecito") to a payer the office cannot reach by e-mail
 * or push: what it says, as plain data for `reminder_letters_pdf.ts`. Pure: the overdue positions
 * and their overdue notices come from `reminder_letters_read.ts` (the rule of
 * `positions_read.ts`), grouped here one letter per payer; the words are the e-mail's
 * (`reminder_text.ts`). Money is cents, dates are ISO days (Rome).
 *
 * @module
 */
import { type Address, parseAddress } from "../fatturapa/text.ts";
import { periodLabel } from "../fatturapa/period.ts";
import {
  alreadyPaid,
  greeting,
  groupedNotice,
  itDay,
  overdueSentence,
  signature,
  subjectOf,
} from "./reminder_text.ts";

/** The Ente as the letterhead prints it. */
export interface LetterEnte {
  name: string;
  /** Codice fiscale of the Ente (11 digits): with the notice number, what pays at any channel. */
  tax_code: string;
  address: string | null;
  office_name: string | null;
  office_contact: string | null;
}

/** An overdue position of a payer, as read. */
export interface LetterPosition {
  position_id: string;
  iupd: string;
  payer_id: string;
  /** "Chiara Colombo". */
  payer_name: string;
  /** "Colombo Chiara": the letters' order (by surname, as the office files them). */
  payer_sort: string;
  payer_tax_code: string | null;
  /** The registry's postal address, else the residence; null when it has neither. */
  payer_address: string | null;
  description: string;
  period_start: string | null;
  period_end: string | null;
  overdue_cents: number;
  overdue_since: string;
}

/** An overdue notice of one of those positions. */
export interface LetterNotice {
  position_id: string;
  /** 0 = the whole amount at once, 1..n = instalments. */
  instalment: number;
  notice_number: string;
  amount_cents: number;
  due_on: string;
}

/** One line of the letter's table: a notice to pay. */
export interface LetterRow {
  position_id: string;
  description: string;
  period: string;
  amount_cents: number;
  /** The notice's due date (ISO day), missed. */
  overdue_since: string;
  /** As read (18 digits); `groupedNotice` prints it. */
  notice_number: string;
  instalment: number;
}

export interface Letter {
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  /** The address lines of the envelope's window; empty when the registry has none. */
  address_lines: string[];
  /** Missing: no address in the registry; unparsed: printed as written, to check. */
  address_problem: "missing" | "unparsed" | null;
  position_ids: string[];
  subject: string;
  greeting: string;
  opening: string;
  rows: LetterRow[];
  total_cents: number;
  closing: string;
  signature: string[];
}

export const LETTER_TITLE = "Sollecito di pagamento";

/**
 * How to pay without a computer, after the table: the notice number and the Ente's code at any
 * pagoPA channel (and the QR codes when the letter has them).
 */
export function howToPay(taxCode: string, qr: boolean): string {
  return "Puoi pagare presso banche, uffici postali, tabaccherie, sportelli ATM e app di " +
    "pagamento aderenti a pagoPA indicando il codice avviso e il codice fiscale dell'Ente " +
    `(${taxCode})${qr ? ", oppure inquadrando il codice QR dell'avviso" : ""}. Puoi pagare ` +
    "anche online con pagoPA dall'area riservata dei servizi online del Comune, nella pagina " +
    "dei pagamenti.";
}

/** "Via Roma 12" and "50099 Valdiponte (FI)", or the registry's text as written. */
export function addressLines(
  text: string | null,
): Pick<Letter, "address_lines" | "address_problem"> {
  const raw = text?.replace(/\s+/g, " ").trim();
  if (!raw) return { address_lines: [], address_problem: "missing" };
  const a: Address | null = parseAddress(raw);
  if (!a) return { address_lines: [raw], address_problem: "unparsed" };
  return {
    address_lines: [
      `${a.street}${a.number ? ` ${a.number}` : ""}`,
      `${a.postalCode} ${a.municipality}${a.province ? ` (${a.province})` : ""}`,
    ],
    address_problem: null,
  };
}

/**
 * One letter per payer (by surname and name, then id: the order the office stuffs the envelopes), each with
 * the notices of its overdue positions, the oldest first. A position without an overdue notice
 * is left out; a payer left without any, too.
 */
export function buildLetters(
  ente: LetterEnte,
  positions: LetterPosition[],
  notices: LetterNotice[],
): Letter[] {
  const byPosition = Map.groupBy(notices, (n) => n.position_id);
  const withNotices = positions.filter((p) => byPosition.get(p.position_id)?.length);
  const byPayer = Map.groupBy(withNotices, (p) => p.payer_id);
  const letters: { sort: string; letter: Letter }[] = [];
  for (const [payerId, list] of byPayer) {
    const sorted = [...list].sort((a, b) =>
      a.overdue_since.localeCompare(b.overdue_since) || a.iupd.localeCompare(b.iupd)
    );
    const first = sorted[0];
    const rows = sorted.flatMap((p) =>
      [...byPosition.get(p.position_id)!]
        .sort((a, b) => a.instalment - b.instalment)
        .map((n): LetterRow => ({
          position_id: p.position_id,
          description: n.instalment > 0
            ? `${p.description.trim()} – rata ${n.instalment}`
            : p.description.trim(),
          period: p.period_start && p.period_end ? periodLabel(p.period_start, p.period_end) : "—",
          amount_cents: n.amount_cents,
          overdue_since: n.due_on,
          notice_number: n.notice_number,
          instalment: n.instalment,
        }))
    );
    const total = rows.reduce((s, r) => s + r.amount_cents, 0);
    letters.push({
      sort: first.payer_sort,
      letter: {
        payer_id: payerId,
        payer_name: first.payer_name.trim(),
        payer_tax_code: first.payer_tax_code,
        ...addressLines(first.payer_address),
        position_ids: sorted.map((p) => p.position_id),
        subject: sorted.length === 1 ? subjectOf(first.description) : LETTER_TITLE,
        greeting: greeting(first.payer_name),
        opening: overdueSentence(
          sorted.length === 1
            ? [{ cents: total, description: first.description, since: first.overdue_since }]
            : sorted.map((p) => ({
              cents: rows.filter((r) => r.position_id === p.position_id)
                .reduce((s, r) => s + r.amount_cents, 0),
              description: p.description,
              since: p.overdue_since,
            })),
        ),
        rows,
        total_cents: total,
        closing: alreadyPaid("letter"),
        signature: signature({
          tenantName: ente.name,
          officeName: ente.office_name,
          officeContact: ente.office_contact,
        }),
      },
    });
  }
  return letters
    .sort((a, b) =>
      a.sort.localeCompare(b.sort, "it") || a.letter.payer_id.localeCompare(b.letter.payer_id)
    )
    .map((x) => x.letter);
}

/** The table's cells of a row: description, period, amount, overdue since, notice number. */
export function rowCells(r: LetterRow, euro: (c: number) => string): string[] {
  return [
    r.description,
    r.period,
    euro(r.amount_cents),
    itDay(r.overdue_since),
    groupedNotice(
      r.notice_number,
    ),
  ];
}
