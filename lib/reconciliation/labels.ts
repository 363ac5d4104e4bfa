/**
 * Names people read for reconciliation states, and the CSV exports of the office's lists
 * (semicolon-separated, as Italian spreadsheets open them; formulas defused).
 *
 * @module
 */

import type { Lang } from "../i18n/mod.ts";
import type { FlowRow, Issue, IssueKind, MovementRow } from "./queries.ts";
import { csvEuro, csvText } from "../csv/write.ts";

type Label = { it: string; en: string };

export const FLOW_STATUS: Record<string, Label> = {
  matched: { it: "Riconciliato", en: "Reconciled" },
  differences: { it: "Con differenze", en: "With differences" },
};

export const PAYMENT_STATUS: Record<string, Label> = {
  matched: { it: "Abbinato", en: "Matched" },
  receipt_missing: { it: "Ricevuta mancante", en: "Receipt missing" },
  amount_different: { it: "Importo diverso", en: "Different amount" },
  duplicate: { it: "Già rendicontato in un altro flusso", en: "Already reported in another flow" },
  revoked: { it: "Pagamento revocato", en: "Payment revoked" },
};

export const MOVEMENT_STATUS: Record<string, Label> = {
  matched: { it: "Abbinato", en: "Matched" },
  amount_different: { it: "Importo diverso", en: "Different amount" },
  flow_missing: { it: "Flusso non ricevuto", en: "Flow not received" },
  receipt_missing: { it: "Ricevuta mancante", en: "Receipt missing" },
  not_pagopa: { it: "Non pagoPA", en: "Not pagoPA" },
};

/** codiceEsitoSingoloPagamento. */
export const OUTCOME: Record<number, Label> = {
  0: { it: "Eseguito", en: "Executed" },
  3: { it: "Revocato", en: "Revoked" },
  4: { it: "Eseguito in stand-in", en: "Executed in stand-in" },
  8: { it: "Stand-in senza RPT", en: "Stand-in without RPT" },
  9: { it: "Eseguito senza RPT", en: "Executed without RPT" },
};

export const ISSUE_KIND: Record<IssueKind, Label> = {
  receipt_without_flow: {
    it: "Ricevuta non ancora rendicontata",
    en: "Receipt not yet reported",
  },
  payment_without_receipt: {
    it: "Pagamento del flusso senza ricevuta",
    en: "Flow payment without receipt",
  },
  payment_amount_different: {
    it: "Importo del flusso diverso dalla ricevuta",
    en: "Flow amount differs from the receipt",
  },
  payment_duplicate: {
    it: "Pagamento già rendicontato in un altro flusso",
    en: "Payment already reported in another flow",
  },
  payment_revoked: { it: "Pagamento revocato", en: "Payment revoked" },
  transfer_without_flow: {
    it: "Riversamento senza flusso",
    en: "Transfer without flow",
  },
  transfer_amount_different: {
    it: "Riversamento di importo diverso",
    en: "Transfer of a different amount",
  },
  transfer_without_receipt: {
    it: "Riversamento singolo senza ricevuta",
    en: "Single transfer without receipt",
  },
  flow_without_transfer: {
    it: "Flusso senza riversamento in tesoreria",
    en: "Flow without treasury transfer",
  },
};

export const label = (l: Label | undefined, lang: Lang, fallback = "") => l ? l[lang] : fallback;

export function flowsCsv(items: FlowRow[], lang: Lang): string {
  return csvText(
    [
      "identificativo_flusso",
      "data_regolamento",
      "psp",
      "pagamenti",
      "importo",
      "stato",
      "abbinati",
      "da_verificare",
      "riversamento",
    ],
    items.map((f) => [
      f.flow_ref,
      f.regulation_date,
      f.psp_name ?? f.psp_id,
      f.declared_count,
      csvEuro(f.declared_cents),
      label(FLOW_STATUS[f.status], lang),
      f.matched,
      f.open,
      f.movement_status ? label(MOVEMENT_STATUS[f.movement_status], lang) : "",
    ]),
  );
}

export function movementsCsv(items: MovementRow[], lang: Lang): string {
  return csvText(
    ["data", "valuta", "importo", "causale", "riferimento", "flusso", "stato"],
    items.map((m) => [
      m.booked_on,
      m.value_date,
      csvEuro(m.amount_cents),
      m.causale,
      m.reference,
      m.flow_ref ?? m.iuv,
      label(MOVEMENT_STATUS[m.match_status], lang),
    ]),
  );
}

export function issuesCsv(items: Issue[], lang: Lang): string {
  return csvText(
    ["tipo", "data", "riferimento", "importo", "altro_importo", "flusso"],
    items.map((i) => [
      label(ISSUE_KIND[i.kind], lang),
      i.day,
      i.reference,
      csvEuro(i.amount_cents),
      csvEuro(i.other_cents),
      i.flow_ref,
    ]),
  );
}
