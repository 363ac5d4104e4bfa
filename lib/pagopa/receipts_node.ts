/**
 * The Ente's pagoPA station: what the Nodo dei Pagamenti asks (paForNode.wsdl) and what we answer.
 * paVerifyPaymentNotice tells whether a notice can be paid and for how much; paGetPaymentV2
 * gives the payment data (amount, transfer to the Ente's IBAN with the service's taxonomy);
 * paSendRTV2 delivers the receipt, ingested through `ingestReceipts` (idempotent). Every request
 * and every response is validated against paForNode.xsd; faults are in-band (`outcome` KO with
 * the SANP fault codes).
 *
 * @module
 */

import type { Db } from "../db/types.ts";
import { ingestReceipts } from "./receipts.ts";
import { amountToCents, type ReceiptInput, romeDateTime } from "./receipts_rules.ts";
import {
  type Fault,
  getPaymentV2Response,
  koResponse,
  okResponse,
  parseSoap,
  RESPONSE_OF,
  validatePaForNode,
  verifyResponse,
  type Xml,
} from "./rt_xml.ts";

export interface StationReply {
  status: number;
  xml: string;
}

export const FAULTS = {
  syntax: (d: string): Fault => ({
    code: "PAA_SINTASSI_XSD",
    string: "Errore di sintassi XSD",
    description: d,
  }),
  domain: (): Fault => ({
    code: "PAA_ID_DOMINIO_ERRATO",
    string: "La PAA non corrisponde al Dominio indicato",
  }),
  station: (): Fault => ({
    code: "PAA_STAZIONE_INT_ERRATA",
    string: "Stazione intermediario non corrispondente",
  }),
  unknown: (): Fault => ({
    code: "PAA_PAGAMENTO_SCONOSCIUTO",
    string: "Pagamento in attesa risulta sconosciuto all’Ente Creditore.",
  }),
  duplicate: (): Fault => ({
    code: "PAA_PAGAMENTO_DUPLICATO",
    string: "Pagamento in attesa risulta concluso all’Ente Creditore.",
  }),
  expired: (): Fault => ({
    code: "PAA_PAGAMENTO_SCADUTO",
    string: "Pagamento in attesa risulta scaduto all’Ente Creditore.",
  }),
  cancelled: (): Fault => ({
    code: "PAA_PAGAMENTO_ANNULLATO",
    string: "Pagamento in attesa risulta annullato all’Ente Creditore.",
  }),
  semantic: (d: string): Fault => ({
    code: "PAA_SEMANTICA",
    string: "Errore semantico",
    description: d,
  }),
  system: (d: string): Fault => ({
    code: "PAA_SYSTEM_ERROR",
    string: "Errore generico",
    description: d,
  }),
};

/** SOAP 1.1 Fault for what is not even a paForNode message. */
function soapFault(message: string): StationReply {
  return {
    status: 500,
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
      `<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${
        message.replace(/[<&>]/g, "")
      }</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  };
}

/** Days a notice stays payable after its due date (GPD's retention date). */
export const RETENTION_DAYS = 365;

interface Notice {
  instalment: number;
  notice_number: string;
  iuv: string;
  amount_cents: number;
  due_on: string;
  status: string;
  position_status: string;
  description: string;
  debtor: { fiscal_code?: string; full_name?: string; email?: string };
  taxonomy_code: string;
  iban: string | null;
  postal_iban: string | null;
  office_name: string | null;
  instalments: number;
  retention_on: string;
  expired: boolean;
}

const NOTICE = `
  select n.instalment, n.notice_number, n.iuv, n.amount_cents, n.due_on::text as due_on, n.status,
         d.status as position_status, d.description, d.debtor, d.taxonomy_code,
         b.iban, b.postal_iban, b.office_name,
         (select count(*)::int from public.payment_notices x
           where x.tenant_id = n.tenant_id and x.debt_position_id = n.debt_position_id
             and x.instalment > 0) as instalments,
         (n.due_on + $3::int)::text as retention_on,
         (n.due_on + $3::int) < (now() at time zone 'Europe/Rome')::date as expired
    from public.payment_notices n
    join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
    left join public.billing_settings b on b.tenant_id = n.tenant_id
   where n.tenant_id = $1 and n.notice_number = $2`;

/** Why a notice cannot be paid now, or null. */
function notPayable(n: Notice | undefined): Fault | null {
  if (!n) return FAULTS.unknown();
  if (n.status === "paid" || n.position_status === "paid") return FAULTS.duplicate();
  if (n.status === "cancelled" || n.position_status === "cancelled") return FAULTS.cancelled();
  if (n.expired) return FAULTS.expired();
  if (!n.iban && !n.postal_iban) {
    return FAULTS.semantic("IBAN dell'Ente non configurato: l'avviso non è pagabile.");
  }
  return null;
}

function optionText(n: Notice): string {
  return n.instalment === 0
    ? "Pagamento in unica soluzione"
    : `Rata ${n.instalment} di ${n.instalments}`;
}

/** Answers one SOAP request of the Nodo. */
export async function handleStation(
  db: Db,
  xml: string,
  opts: { publicUrl?: string } = {},
): Promise<StationReply> {
  const msg = parseSoap(xml);
  if (!msg) return soapFault("Messaggio SOAP non leggibile");
  const resEl = RESPONSE_OF[msg.operation];
  if (!resEl) return soapFault(`Operazione sconosciuta: ${msg.operation}`);
  const idPA = typeof msg.body.idPA === "string" && /^[0-9]{11}$/.test(msg.body.idPA)
    ? msg.body.idPA
    : "00000000000";
  const ko = (f: Fault) => ({ status: 200, xml: koResponse(resEl, f, idPA) });

  const check = await validatePaForNode(xml);
  if (!check.valid) return ko(FAULTS.syntax(check.errors.slice(0, 3).join("; ")));
  if (!String(msg.body.idStation).startsWith(`${msg.body.idBrokerPA}_`)) {
    return ko(FAULTS.station());
  }
  const [tenant] = await db.asService((tx) =>
    tx.query<{ id: string; name: string; tax_code: string }>(
      `select id, name, tax_code from public.tenants where tax_code = $1`,
      [idPA],
    )
  );
  if (!tenant) return ko(FAULTS.domain());

  let reply: string;
  try {
    if (msg.operation === "paVerifyPaymentNoticeReq" || msg.operation === "paGetPaymentV2Request") {
      const qr = msg.body.qrCode as Xml;
      if (qr.fiscalCode !== idPA) return ko(FAULTS.domain());
      const [n] = await db.asService((tx) =>
        tx.query<Notice>(NOTICE, [tenant.id, qr.noticeNumber, RETENTION_DAYS])
      );
      const refused = notPayable(n);
      if (refused) return ko(refused);
      const postal = msg.body.transferType === "POSTAL" && n.postal_iban;
      reply = msg.operation === "paVerifyPaymentNoticeReq"
        ? verifyResponse({
          amountCents: Number(n.amount_cents),
          dueOn: n.due_on,
          detail: optionText(n),
          allCCP: !n.iban,
          description: n.description,
          fiscalCodePA: tenant.tax_code,
          companyName: tenant.name,
          officeName: n.office_name,
        })
        : getPaymentV2Response({
          iuv: n.iuv,
          amountCents: Number(n.amount_cents),
          dueOn: n.due_on,
          retentionDate: `${n.retention_on}T23:59:59`,
          description: n.instalment ? `${n.description} - ${optionText(n)}` : n.description,
          companyName: tenant.name,
          officeName: n.office_name,
          debtor: {
            id: n.debtor.fiscal_code ?? "ANONIMO",
            fullName: n.debtor.full_name ?? "Pagatore",
            email: n.debtor.email,
          },
          fiscalCodePA: tenant.tax_code,
          iban: (postal ? n.postal_iban : n.iban ?? n.postal_iban)!,
          remittance: n.description,
          taxonomy: n.taxonomy_code,
        });
    } else if (msg.operation === "paSendRTV2Request") {
      const fault = await sendRt(db, tenant.id, idPA, msg.body.receipt as Xml, xml, opts);
      if (fault) return ko(fault);
      reply = okResponse(resEl);
    } else {
      return ko(FAULTS.system("Operazione non supportata: la stazione usa la versione 2."));
    }
  } catch (e) {
    console.error("pagopa-node:", e);
    return ko(FAULTS.system("Errore interno dell'Ente: riprovare."));
  }
  const out = await validatePaForNode(reply);
  if (!out.valid) {
    console.error("pagopa-node: invalid response", out.errors);
    return ko(FAULTS.system("Risposta non conforme allo schema: segnalata all'Ente."));
  }
  return { status: 200, xml: reply };
}

async function sendRt(
  db: Db,
  tenantId: string,
  idPA: string,
  r: Xml,
  raw: string,
  opts: { publicUrl?: string },
): Promise<Fault | null> {
  if (r.fiscalCode !== idPA) return FAULTS.domain();
  // A KO receipt reports a payment that did not happen: nothing to credit.
  if (r.outcome !== "OK") return null;
  const input = receiptInputFromRt(tenantId, r, raw, "pa_send_rt");
  const [res] = await db.asService((tx) => ingestReceipts(tx, [input], opts));
  return res.ok ? null : FAULTS.semantic(res.message);
}

/** The receipt element of a paSendRTV2 (or the XML of the GPD receipts API) as a ReceiptInput. */
export function receiptInputFromRt(
  tenantId: string,
  r: Xml,
  raw: string,
  source: ReceiptInput["source"],
): ReceiptInput {
  const payer = (r.payer ?? r.debtor) as Xml | undefined;
  return {
    tenantId,
    receiptRef: String(r.receiptId ?? ""),
    iuv: String(r.creditorReferenceId ?? ""),
    noticeNumber: r.noticeNumber ? String(r.noticeNumber) : null,
    amountCents: amountToCents(r.paymentAmount) ?? 0,
    paidAt: (r.paymentDateTime && romeDateTime(String(r.paymentDateTime))) ||
      new Date().toISOString(),
    source,
    pspId: r.idPSP ?? null,
    pspName: r.PSPCompanyName ?? null,
    paymentMethod: r.paymentMethod ?? null,
    payerFiscalCode: payer?.uniqueIdentifier?.entityUniqueIdentifierValue ?? null,
    payerName: payer?.fullName ?? null,
    raw,
  };
}
