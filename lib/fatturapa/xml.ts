/**
 * FatturaPA 1.2.3 (FPR12, to a private person) as XML text: B2C with CodiceDestinatario 0000000,
 * the Ente as CedentePrestatore, the payer identified by codice fiscale, one DettaglioLinee per
 * charge line, one DatiRiepilogo per rate or natura, and the pagoPA notice as payment (MP23, the
 * notice number as CodicePagamento). A credit note (TD04) has no payment; it either reverses an
 * invoice (its lines and amounts, the invoice named in DatiFattureCollegate) or gives back part of
 * what invoices billed (a carried credit: its own lines, each invoice it relates to named in a
 * DatiFattureCollegate of its own). Pure: the caller validates the text against the XSD
 * (`xsd.ts`) before storing it.
 *
 * @module
 */

import {
  computeTotals,
  decimal2,
  NATURES,
  quantity,
  rate,
  stampDutyCents,
  type SummaryRow,
  unitPrice,
} from "./amounts.ts";
import { LINE_UNIT_LABELS } from "../billing/units.ts";
import { type Address, esc, latin } from "./text.ts";

export const NAMESPACE = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2";

/** The Ente as cedente/prestatore (invoice_settings). */
export interface Supplier {
  vatNumber: string;
  taxCode: string;
  name: string;
  address: Omit<Address, "country">;
  taxRegime: string;
  reaOffice: string | null;
  reaNumber: string | null;
  /** IdTrasmittente's IdCodice; the P.IVA when null. */
  transmitterCode: string | null;
  /** RiferimentoNormativo per natura. */
  vatReferences: Record<string, string>;
  stampDuty: boolean;
}

export interface Customer {
  fiscalCode: string;
  name: string;
  surname: string;
  address: Address;
}

export interface InvoiceLine {
  description: string;
  /** What the payer is charged, VAT included (negative for a credit). */
  amountCents: number;
  quantity: number | null;
  unit: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  vatRateBp: number;
  nature: string | null;
}

export interface Payment {
  noticeNumber: string;
  dueOn: string;
  amountCents: number;
}

export interface InvoiceInput {
  supplier: Supplier;
  customer: Customer;
  /** <Numero> ("FE-12/2026"). */
  number: string;
  /** <Data>, YYYY-MM-DD. */
  date: string;
  /** ProgressivoInvio (5 characters, see `transmissionId`). */
  transmissionId: string;
  causale: string;
  lines: InvoiceLine[];
  /** The full amount (TP02) or the instalments (TP01); empty when not payable through pagoPA. */
  payments: Payment[];
  /** TD01 (invoice, the default) or TD04 (credit note: amounts as positive as the invoice's). */
  documentType?: DocumentType;
  /** A credit note's invoice (DatiFattureCollegate): its <Numero> and <Data>. */
  reverses?: { number: string; date: string } | null;
  /**
   * A credit note of part of what invoices billed (a carried credit given back): the invoices
   * it relates to, one DatiFattureCollegate each (the element repeats in the XSD); empty when no
   * invoice billed its lines. Its lines may be negative (PrezzoTotale is signed).
   */
  related?: { number: string; date: string }[] | null;
}

export const DOCUMENT_TYPES = ["TD01", "TD04"] as const;
export type DocumentType = typeof DOCUMENT_TYPES[number];

/** Units as printed in <UnitaMisura> (String10Type): the lines' own, "n." for one-offs. */
const UNITS: Record<string, string> = { ...LINE_UNIT_LABELS, once: "n." };

/** Default RiferimentoNormativo per natura when the Ente has not written its own. */
export const DEFAULT_VAT_REFERENCES: Record<string, string> = {
  "N1": "Escluse ex art. 15 DPR 633/72",
  "N2.1": "Non soggette ad IVA ai sensi degli artt. da 7 a 7-septies DPR 633/72",
  "N2.2": "Operazione fuori campo IVA ai sensi dell'art. 4 DPR 633/72",
  "N3.5": "Non imponibile a seguito di dichiarazioni d'intento",
  "N3.6": "Non imponibile - altre operazioni",
  "N4": "Esente ai sensi dell'art. 10 DPR 633/72",
  "N5": "Regime del margine",
  "N7": "IVA assolta in altro stato UE",
};

export class InvoiceDataError extends Error {
  constructor(public code: string, message: string, public messageIt: string) {
    super(message);
  }
}

/** ProgressivoInvio from a counter: 5 characters, base 36, upper case ("0000A"). */
export function transmissionId(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 36 ** 5) {
    throw new RangeError("progressivo out of range");
  }
  return n.toString(36).toUpperCase().padStart(5, "0");
}

/** The SdI file name IT<codice trasmittente>_<progressivo>.xml. */
export function sdiFileName(supplier: Pick<Supplier, "vatNumber" | "transmitterCode">, id: string) {
  return `IT${supplier.transmitterCode ?? supplier.vatNumber}_${id}.xml`;
}

/** Printed invoice number: "12/2026", or "FE-12/2026" with a prefix. */
export function invoiceNumber(prefix: string, n: number, year: number): string {
  return `${prefix ? `${prefix}-` : ""}${n}/${year}`;
}

function el(name: string, value: string | null | undefined, pad: string): string {
  return value === null || value === undefined || value === ""
    ? ""
    : `${pad}<${name}>${esc(value)}</${name}>\n`;
}

function sede(a: Omit<Address, "country"> & { country?: string }, pad: string): string {
  return `${pad}<Sede>\n` +
    el("Indirizzo", latin(a.street, 60), pad + "  ") +
    el("NumeroCivico", a.number, pad + "  ") +
    el("CAP", a.postalCode, pad + "  ") +
    el("Comune", latin(a.municipality, 60), pad + "  ") +
    el("Provincia", a.province, pad + "  ") +
    el("Nazione", a.country ?? "IT", pad + "  ") +
    `${pad}</Sede>\n`;
}

function checkInput(inv: InvoiceInput): void {
  const natures = new Set<string>(NATURES);
  for (const l of inv.lines) {
    if (l.nature && !natures.has(l.nature)) {
      throw new InvoiceDataError(
        "invalid_vat_nature",
        `Natura ${l.nature} is not accepted by the SdI (use a sub-code such as N2.2)`,
        `La natura ${l.nature} non è accettata dallo SdI (usare un sottocodice, per esempio N2.2).`,
      );
    }
  }
  if (!/^[A-Z0-9]{11,16}$/.test(inv.customer.fiscalCode)) {
    throw new InvoiceDataError(
      "payer_without_tax_code",
      "The payer has no valid codice fiscale",
      "Il pagatore non ha un codice fiscale valido.",
    );
  }
  if (inv.lines.length === 0) {
    throw new InvoiceDataError("no_lines", "The invoice has no lines", "La fattura non ha righe.");
  }
  const refs = (inv.reverses ? 1 : 0) + (inv.related ? 1 : 0);
  if (inv.documentType === "TD04" ? refs !== 1 : refs !== 0) {
    throw new InvoiceDataError(
      "credit_note_reference",
      "A credit note names the invoice it reverses or the invoices it gives back part of, and only a credit note does",
      "Una nota di credito indica la fattura che storna o le fatture di cui restituisce una parte, e solo una nota di credito.",
    );
  }
}

function riepilogo(r: SummaryRow, refs: Record<string, string>, pad: string): string {
  const p = pad + "  ";
  return `${pad}<DatiRiepilogo>\n` +
    el("AliquotaIVA", rate(r.vatRateBp), p) +
    el("Natura", r.nature, p) +
    el("ImponibileImporto", decimal2(r.taxableCents), p) +
    el("Imposta", decimal2(r.vatCents), p) +
    (r.nature ? "" : el("EsigibilitaIVA", "I", p)) +
    (r.nature
      ? el(
        "RiferimentoNormativo",
        latin(refs[r.nature] ?? DEFAULT_VAT_REFERENCES[r.nature] ?? `Natura ${r.nature}`, 100),
        p,
      )
      : "") +
    `${pad}</DatiRiepilogo>\n`;
}

export interface BuiltInvoice {
  xml: string;
  lineNetCents: number[];
  summary: SummaryRow[];
  taxableCents: number;
  vatCents: number;
  totalCents: number;
  stampDutyCents: number;
}

/** Builds the invoice XML and its totals (see `computeTotals` for the VAT arithmetic). */
export function buildInvoiceXml(inv: InvoiceInput): BuiltInvoice {
  checkInput(inv);
  const s = inv.supplier;
  const totals = computeTotals(
    inv.lines.map((l) => ({ grossCents: l.amountCents, vatRateBp: l.vatRateBp, nature: l.nature })),
  );
  const stamp = stampDutyCents(totals.summary, s.stampDuty);
  const P = "    ";
  const lines = inv.lines.map((l, i) => {
    const net = totals.lineNetCents[i];
    // Quantity × unit price only when the quantity is positive; credits and flat amounts are 1 × total.
    const q = l.quantity !== null && l.quantity > 0 ? l.quantity : null;
    const p = P + "    ";
    return `${P}  <DettaglioLinee>\n` +
      el("NumeroLinea", String(i + 1), p) +
      el("Descrizione", latin(l.description, 1000), p) +
      (q !== null ? el("Quantita", quantity(q), p) : "") +
      (q !== null && l.unit ? el("UnitaMisura", UNITS[l.unit] ?? latin(l.unit, 10), p) : "") +
      el("DataInizioPeriodo", l.periodStart, p) +
      el("DataFinePeriodo", l.periodEnd, p) +
      el("PrezzoUnitario", q !== null ? unitPrice(net, q) : decimal2(net), p) +
      el("PrezzoTotale", decimal2(net), p) +
      el("AliquotaIVA", rate(l.vatRateBp), p) +
      el("Natura", l.nature, p) +
      `${P}  </DettaglioLinee>\n`;
  }).join("");
  const payments = inv.payments.length === 0 ? "" : `${P}<DatiPagamento>\n` +
    el("CondizioniPagamento", inv.payments.length > 1 ? "TP01" : "TP02", P + "  ") +
    inv.payments.map((pay) =>
      `${P}  <DettaglioPagamento>\n` +
      el("Beneficiario", latin(s.name, 200), P + "    ") +
      el("ModalitaPagamento", "MP23", P + "    ") +
      el("DataScadenzaPagamento", pay.dueOn, P + "    ") +
      el("ImportoPagamento", decimal2(pay.amountCents), P + "    ") +
      el("CodicePagamento", pay.noticeNumber, P + "    ") +
      `${P}  </DettaglioPagamento>\n`
    ).join("") +
    `${P}</DatiPagamento>\n`;
  const c = inv.customer;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<p:FatturaElettronica versione="FPR12" xmlns:p="${NAMESPACE}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <FatturaElettronicaHeader>
    <DatiTrasmissione>
      <IdTrasmittente>
        <IdPaese>IT</IdPaese>
        <IdCodice>${esc(s.transmitterCode ?? s.vatNumber)}</IdCodice>
      </IdTrasmittente>
      <ProgressivoInvio>${esc(inv.transmissionId)}</ProgressivoInvio>
      <FormatoTrasmissione>FPR12</FormatoTrasmissione>
      <CodiceDestinatario>0000000</CodiceDestinatario>
    </DatiTrasmissione>
    <CedentePrestatore>
      <DatiAnagrafici>
        <IdFiscaleIVA>
          <IdPaese>IT</IdPaese>
          <IdCodice>${esc(s.vatNumber)}</IdCodice>
        </IdFiscaleIVA>
${el("CodiceFiscale", s.taxCode, "        ")}        <Anagrafica>
          <Denominazione>${esc(latin(s.name, 80))}</Denominazione>
        </Anagrafica>
        <RegimeFiscale>${esc(s.taxRegime)}</RegimeFiscale>
      </DatiAnagrafici>
${sede({ ...s.address, country: "IT" }, "      ")}${
    s.reaOffice && s.reaNumber
      ? `      <IscrizioneREA>
        <Ufficio>${esc(s.reaOffice)}</Ufficio>
        <NumeroREA>${esc(s.reaNumber)}</NumeroREA>
        <StatoLiquidazione>LN</StatoLiquidazione>
      </IscrizioneREA>\n`
      : ""
  }    </CedentePrestatore>
    <CessionarioCommittente>
      <DatiAnagrafici>
        <CodiceFiscale>${esc(c.fiscalCode)}</CodiceFiscale>
        <Anagrafica>
          <Nome>${esc(latin(c.name, 60))}</Nome>
          <Cognome>${esc(latin(c.surname, 60))}</Cognome>
        </Anagrafica>
      </DatiAnagrafici>
${sede(c.address, "      ")}    </CessionarioCommittente>
  </FatturaElettronicaHeader>
  <FatturaElettronicaBody>
    <DatiGenerali>
      <DatiGeneraliDocumento>
        <TipoDocumento>${inv.documentType ?? "TD01"}</TipoDocumento>
        <Divisa>EUR</Divisa>
        <Data>${esc(inv.date)}</Data>
        <Numero>${esc(inv.number)}</Numero>
${
    stamp
      ? `        <DatiBollo>
          <BolloVirtuale>SI</BolloVirtuale>
          <ImportoBollo>${decimal2(stamp)}</ImportoBollo>
        </DatiBollo>\n`
      : ""
  }        <ImportoTotaleDocumento>${decimal2(totals.totalCents)}</ImportoTotaleDocumento>
${el("Causale", latin(inv.causale, 200), "        ")}      </DatiGeneraliDocumento>
${
    (inv.reverses ? [inv.reverses] : inv.related ?? []).map((d) =>
      `      <DatiFattureCollegate>
        <IdDocumento>${esc(d.number)}</IdDocumento>
        <Data>${esc(d.date)}</Data>
      </DatiFattureCollegate>\n`
    ).join("")
  }    </DatiGenerali>
    <DatiBeniServizi>
${lines}${
    totals.summary.map((r) => riepilogo(r, s.vatReferences, P + "  ")).join("")
  }    </DatiBeniServizi>
${payments}  </FatturaElettronicaBody>
</p:FatturaElettronica>
`;
  return { xml, ...totals, stampDutyCents: stamp };
}
