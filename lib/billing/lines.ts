/**
 * The office's changes to a run in review: add a credit, a debit or a one-off fee, change a
 * line's amount or description, delete a line (softly: it stays, with who, when and why). Every
 * change needs a reason of at least 5 characters and is audited by the table's triggers; once
 * the run is approved RLS (`app.run_is_open`) refuses them, and so do these functions, in words.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { parseEuro } from "../tariffs/money.ts";
import { getLine, isOpen, type Line, type RunStatus } from "./review.ts";

export const OPERATOR_KINDS = ["credit", "debit", "one_off"] as const;
export type OperatorKind = typeof OPERATOR_KINDS[number];

export interface NewLine {
  kind: OperatorKind;
  /** Positive cents as typed; a credit is stored negative. */
  amount_cents: number;
  description: string;
  reason: string;
  enrollment_id: string | null;
  /** With no enrollment: who pays and for which service. */
  payer_id: string | null;
  service_id: string | null;
}

export interface LinePatch {
  /** Positive cents; for a credit or adjustment the stored sign is kept. */
  amount_cents?: number;
  description?: string;
  reason: string;
}

type Issues = Record<string, { it: string; en: string }>;

const STATUS: Record<string, number> = {
  invalid: 422,
  not_found: 404,
  run_closed: 409,
  line_deleted: 409,
  unknown_enrollment: 422,
};

/**
 * A refusal of the office's billing actions, in both languages, with the form field it is about
 * (`issues` lists several at once). Routes turn it into field errors or a problem+json.
 */
export class ReviewError extends Error {
  constructor(
    readonly code: string,
    readonly text: { it: string; en: string },
    readonly field?: string,
    readonly issues: Issues = {},
  ) {
    super(text.en);
  }

  get status(): number {
    return STATUS[this.code] ?? 422;
  }

  static invalid(issues: Issues): ReviewError {
    const [field, first] = Object.entries(issues)[0];
    return new ReviewError("invalid", first, field, issues);
  }

  static notFound(what: "run" | "line" | "position"): ReviewError {
    const it = {
      run: "Elaborazione non trovata.",
      line: "Riga non trovata.",
      position: "Posizione non trovata.",
    };
    return new ReviewError("not_found", { it: it[what], en: `No such ${what} in your Ente.` });
  }

  static runClosed(): ReviewError {
    return new ReviewError("run_closed", {
      it: "L'elaborazione non è più in verifica: dopo l'approvazione le righe non si cambiano. " +
        "Le correzioni vanno nella prossima elaborazione.",
      en: "The run is no longer in review: after approval lines cannot change. " +
        "Corrections go into the next run.",
    });
  }

  /** Field → message in `lang`, for a form. */
  fieldErrors(lang: "it" | "en"): Record<string, string> {
    const all = Object.keys(this.issues).length
      ? this.issues
      : { [this.field ?? "reason"]: this.text };
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v[lang]]));
  }
}

const REASON = {
  it: "Indica il motivo (almeno 5 caratteri): resta nel registro delle attività.",
  en: "Give the reason (at least 5 characters): it stays in the audit log.",
};

function checkReason(reason: unknown, issues: Issues, field = "reason"): string {
  const r = typeof reason === "string" ? reason.trim() : "";
  if (r.length < 5 || r.length > 1000) issues[field] = REASON;
  return r;
}

function checkDescription(d: unknown, issues: Issues): string {
  const v = typeof d === "string" ? d.trim() : "";
  if (v.length < 2 || v.length > 300) {
    issues.description = {
      it: "La descrizione va da 2 a 300 caratteri: è quella che leggerà la famiglia.",
      en: "The description has 2 to 300 characters: the family reads it.",
    };
  }
  return v;
}

/** "12,50" (or a number of cents from the API) → positive cents, or an issue. */
export function amountOf(raw: unknown, issues: Issues): number {
  const cents = typeof raw === "number" ? raw : typeof raw === "string" ? parseEuro(raw) : null;
  if (cents === null || !Number.isSafeInteger(cents) || cents <= 0) {
    issues.amount = {
      it: "Importo non valido: scrivi un importo maggiore di zero, ad esempio 12,50.",
      en: "Invalid amount: write an amount above zero, e.g. 12.50.",
    };
    return 0;
  }
  if (cents > 100_000_000) {
    issues.amount = {
      it: "Importo troppo alto (al massimo 1.000.000,00 €).",
      en: "Amount too high (at most €1,000,000.00).",
    };
  }
  return cents;
}

/** Checks a new line as typed; throws a 422 `ReviewError` listing every issue. */
export function checkNewLine(input: Record<string, unknown>): NewLine {
  const issues: Issues = {};
  const kind = String(input.kind ?? "") as OperatorKind;
  if (!OPERATOR_KINDS.includes(kind)) {
    issues.kind = {
      it: "Scegli il tipo: accredito, addebito o una tantum.",
      en: "Choose the kind: credit, debit or one-off.",
    };
  }
  const amount = amountOf(input.amount, issues);
  const description = checkDescription(input.description, issues);
  const reason = checkReason(input.reason, issues);
  const id = (v: unknown) => typeof v === "string" && v.trim() ? v.trim() : null;
  const enrollment = id(input.enrollment_id);
  const payer = id(input.payer_id);
  const service = id(input.service_id);
  if (!enrollment && !(payer && service)) {
    issues.enrollment_id = {
      it: "Scegli l'iscrizione a cui si riferisce la riga (oppure pagatore e servizio).",
      en: "Choose the enrollment the line is about (or payer and service).",
    };
  }
  if (Object.keys(issues).length) throw ReviewError.invalid(issues);
  return {
    kind,
    amount_cents: amount,
    description,
    reason,
    enrollment_id: enrollment,
    payer_id: payer,
    service_id: service,
  };
}

async function runStatus(tx: Tx, runId: string): Promise<RunStatus | null> {
  const [r] = await tx.query<{ status: RunStatus }>(
    `select status from public.billing_runs where id = $1`,
    [runId],
  );
  return r?.status ?? null;
}

async function assertOpen(tx: Tx, runId: string) {
  const status = await runStatus(tx, runId);
  if (!status) throw ReviewError.notFound("run");
  if (!isOpen(status)) throw ReviewError.runClosed();
}

/** Inserts an operator line into a run in review; returns it. */
export async function addLine(tx: Tx, runId: string, l: NewLine): Promise<Line> {
  await assertOpen(tx, runId);
  const rows = await tx.query<{ id: string }>(
    `with src as (
       select e.service_id, e.payer_id, e.beneficiary_id, e.site_id, e.id as enrollment_id
         from public.enrollments e where $1::uuid is not null and e.id = $1
       union all
       select s.id, p.id, null::uuid, null::uuid, null::uuid
         from public.services s, public.people p
        where $1::uuid is null and s.id = $2 and p.id = $3
     )
     insert into public.charge_lines (tenant_id, run_id, enrollment_id, service_id, payer_id,
       beneficiary_id, site_id, period_start, period_end, kind, source, quantity, unit,
       unit_cents, amount_cents, description, explanation, reason, created_by)
     select r.tenant_id, r.id, src.enrollment_id, src.service_id, src.payer_id,
            src.beneficiary_id, src.site_id, r.period_start, r.period_end, $5, 'operator', 1,
            'once', $6::bigint, $6::bigint, $7,
            jsonb_build_object('summary', jsonb_build_object('it', $7::text, 'en', $7::text),
                               'reason', $8::text),
            $8, app.user_id()
       from src, public.billing_runs r where r.id = $4
     returning id`,
    [
      l.enrollment_id,
      l.service_id,
      l.payer_id,
      runId,
      l.kind,
      l.kind === "credit" ? -l.amount_cents : l.amount_cents,
      l.description,
      l.reason,
    ],
  );
  if (!rows[0]) {
    throw new ReviewError("unknown_enrollment", {
      it: "L'iscrizione (o il pagatore o il servizio) non esiste nell'Ente.",
      en: "The enrollment (or payer or service) does not exist in the Ente.",
    }, "enrollment_id");
  }
  return (await getLine(tx, rows[0].id))!;
}

async function openLine(tx: Tx, lineId: string): Promise<Line> {
  const line = await getLine(tx, lineId);
  if (!line) throw ReviewError.notFound("line");
  if (line.debt_position_id) throw ReviewError.runClosed();
  await assertOpen(tx, line.run_id);
  if (line.deleted_at) {
    throw new ReviewError("line_deleted", {
      it: "La riga è già stata eliminata.",
      en: "The line has already been deleted.",
    });
  }
  return line;
}

/** Changes a line's amount and/or description with a reason. */
export async function updateLine(tx: Tx, lineId: string, patch: LinePatch): Promise<Line> {
  const issues: Issues = {};
  const reason = checkReason(patch.reason, issues);
  const amount = patch.amount_cents === undefined
    ? undefined
    : amountOf(patch.amount_cents, issues);
  const description = patch.description === undefined
    ? undefined
    : checkDescription(patch.description, issues);
  if (amount === undefined && description === undefined && !issues.reason) {
    issues.amount = {
      it: "Cambia l'importo o la descrizione.",
      en: "Change the amount or the description.",
    };
  }
  if (Object.keys(issues).length) throw ReviewError.invalid(issues);
  const line = await openLine(tx, lineId);
  const negative = line.kind === "credit" || (line.kind === "adjustment" && line.amount_cents < 0);
  const cents = amount === undefined ? line.amount_cents : negative ? -amount : amount;
  await tx.query(
    `update public.charge_lines
        set amount_cents = $2, description = $3, reason = $4, updated_by = app.user_id(),
            updated_at = now(),
            unit_cents = case when quantity = 1 then $2 else unit_cents end,
            explanation = explanation || jsonb_build_object('changed', jsonb_build_object(
              'from_cents', amount_cents, 'to_cents', $2::bigint, 'reason', $4::text))
      where id = $1`,
    [lineId, cents, description ?? line.description, reason],
  );
  return (await getLine(tx, lineId))!;
}

/** Deletes a line softly with a reason: it stays visible (struck out) and is not billed. */
export async function deleteLine(tx: Tx, lineId: string, reason: string): Promise<Line> {
  const issues: Issues = {};
  const r = checkReason(reason, issues);
  if (Object.keys(issues).length) throw ReviewError.invalid(issues);
  await openLine(tx, lineId);
  await tx.query(
    `update public.charge_lines
        set deleted_at = now(), deleted_by = app.user_id(), delete_reason = $2
      where id = $1`,
    [lineId, r],
  );
  return (await getLine(tx, lineId))!;
}

export interface EnrollmentChoice {
  id: string;
  label: string;
}

/** Enrollments a line of the run can be about: its services, effective in its period. */
export async function enrollmentChoices(
  tx: Tx,
  runId: string,
  limit = 2000,
): Promise<EnrollmentChoice[]> {
  return await tx.query<EnrollmentChoice>(
    `select e.id, btrim(b.surname || ' ' || b.name) || ' — ' || s.title || ' (' ||
              btrim(p.surname || ' ' || p.name) || ')' as label
       from public.billing_runs r
       join public.enrollments e on e.tenant_id = r.tenant_id and e.service_id = any (r.service_ids)
        and e.starts_on <= r.period_end and coalesce(e.withdrawn_on, e.ends_on) >= r.period_start
       join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
       join public.people p on p.tenant_id = e.tenant_id and p.id = e.payer_id
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
      where r.id = $1
      order by b.surname, b.name, s.title, e.id
      limit $2`,
    [runId, limit],
  );
}
