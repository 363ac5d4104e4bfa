/**
 * Submitting a draft from the families' portal: everything is checked again, the application is
 * numbered (idempotent: a second click returns the first submission) and, the first time only, the
 * receipt e-mail is queued to every parent of the household in the same transaction, in the
 * language the family is using (Italian unless they chose English).
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import {
  checkApplication,
  draftAsInput,
  getApplication,
  submitApplication,
  type Submitted,
} from "./applications.ts";
import { EnrollmentError } from "./errors.ts";
import type { Lang } from "./portal.ts";
import type { ApplicationRow } from "./schemas.ts";

export interface ReceiptMailContext {
  tenantName: string;
  /** Where the family follows the application. */
  url: string;
  lang: Lang;
}

/** Subject and text of the receipt e-mail of `a`, submitted as `r`. Pure. */
export function receiptMail(
  a: Pick<ApplicationRow, "school_year_label" | "items">,
  r: Pick<Submitted, "protocol_number" | "submitted_at">,
  ctx: ReceiptMailContext,
): { subject: string; text: string } {
  const en = ctx.lang === "en";
  const when = new Intl.DateTimeFormat(en ? "en-GB" : "it-IT", {
    dateStyle: "long",
    timeStyle: "medium",
    timeZone: "Europe/Rome",
  }).format(new Date(r.submitted_at));
  const lines = a.items.map((i) => {
    const c = i.child as { name?: string; surname?: string };
    return `- ${c.name ?? ""} ${c.surname ?? ""}: ${i.service_title}`;
  });
  const p = r.protocol_number;
  const text = en
    ? [
      "Dear family,",
      "",
      `the enrollment application for the year ${a.school_year_label} was received on ${when}`,
      `with protocol no. ${p}.`,
      "",
      ...lines,
      "",
      `You can follow its status and download the receipt here: ${ctx.url}`,
      "",
      ctx.tenantName,
    ]
    : [
      "Gentile famiglia,",
      "",
      `la domanda di iscrizione per l'anno ${a.school_year_label} è stata ricevuta il ${when}`,
      `con protocollo n. ${p}.`,
      "",
      ...lines,
      "",
      `Puoi seguirne lo stato e scaricare la ricevuta qui: ${ctx.url}`,
      "",
      ctx.tenantName,
    ];
  return {
    subject: en
      ? `Enrollment application received – protocol no. ${p}`
      : `Domanda di iscrizione ricevuta – protocollo n. ${p}`,
    text: text.join("\n"),
  };
}

/**
 * Submits draft `id` of the caller's household; the receipt e-mail goes out once, in `ctx.lang`.
 * Refusals (window closed, duplicates, invalid answers) are `EnrollmentError`s.
 */
export async function submitFromPortal(
  tx: Tx,
  id: string,
  ctx: ReceiptMailContext,
): Promise<Submitted> {
  const a = await getApplication(tx, id);
  if (!a) throw new EnrollmentError("not_found", "Domanda non trovata.", "Application not found.");
  if (a.status === "draft") await checkApplication(tx, draftAsInput(a));
  const r = await submitApplication(tx, id);
  if (!r.already && a.household_id) {
    const mail = receiptMail(a, r, ctx);
    await tx.query("select app.queue_submission_receipt($1, $2, $3)", [
      id,
      mail.subject,
      mail.text,
    ]);
  }
  return r;
}
