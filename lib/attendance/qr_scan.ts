/**
 * A card scanned at the bus door or the canteen entrance: the token is verified (signed by this
 * server, of the caller's Ente), the child must be in the scanner's reach under row-level security
 * (a teacher's classes, the office's Ente), and a presence is recorded through `recordMarks` for
 * the day of the scan (offline scans keep their own time). Scanning again is "già registrato".
 * The answer shows the child's name, diet and any alert; that read of health data is audited.
 *
 * @module
 */
import { romeDateOf } from "../calendar/dates.ts";
import type { Claims, Tx } from "../db/types.ts";
import { recorderOf, sourceFor } from "./api_marks.ts";
import { recordMarks } from "./marks.ts";
import { verifyCardToken } from "./qr.ts";

export interface ScanInput {
  token: string;
  /** Device time of the scan (offline scans sync later); default now. */
  scanned_at?: string;
}

export type ScanOutcome = "recorded" | "already" | "stale" | "rejected" | "invalid";

export interface ScannedChild {
  name: string;
  surname: string;
  service: string;
  class_name: string | null;
  diet: { name: string; kind: string } | null;
  /** Shown big and red: a medical diet (allergy, intolerance, coeliac disease). */
  alert: { it: string; en: string } | null;
}

export interface ScanResult {
  outcome: ScanOutcome;
  day: string | null;
  child: ScannedChild | null;
  message: { it: string; en: string };
}

const INVALID = {
  it: "Codice non valido: la tessera non è stata emessa da questo Comune o è danneggiata.",
  en: "Invalid code: the card was not issued by this Comune or is damaged.",
};

async function childInfo(
  tx: Tx,
  enrollmentId: string,
  classId: string | null,
  day: string,
): Promise<ScannedChild | null> {
  type Row = {
    name: string;
    surname: string;
    service: string;
    class_name: string | null;
    diet_name: string | null;
    diet_kind: string | null;
  };
  // Teachers read their class's children only through the roster (definer, their classes);
  // the office reads the registry directly.
  const [row] = classId
    ? await tx.query<Row>(
      `select r.name, r.surname, r.service_title as service,
              (select name from public.classes where tenant_id = app.tenant_id() and id = $1)
                as class_name, r.diet_name, r.diet_kind
         from app.class_roster($1, $2) r where r.enrollment_id = $3`,
      [classId, day, enrollmentId],
    )
    : [];
  const found = row ?? (await tx.query<Row>(
    `select p.name, p.surname, s.title as service, c.name as class_name,
            d.name as diet_name, d.kind as diet_kind
       from public.enrollments e
       join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
       left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
       left join public.canteen_diets d on d.tenant_id = e.tenant_id and d.id = e.diet_id
      where e.tenant_id = app.tenant_id() and e.id = $1`,
    [enrollmentId],
  ))[0];
  if (!found) return null;
  const diet = found.diet_name ? { name: found.diet_name, kind: found.diet_kind ?? "" } : null;
  return {
    name: found.name,
    surname: found.surname,
    service: found.service,
    class_name: found.class_name,
    diet,
    alert: diet?.kind === "medical"
      ? {
        it: `Attenzione: dieta sanitaria — ${diet.name}`,
        en: `Warning: medical diet — ${diet.name}`,
      }
      : null,
  };
}

/** Verifies a scanned card and records the presence; never throws for a bad card. */
export async function recordScan(
  tx: Tx,
  secret: Uint8Array,
  claims: Claims,
  auth: string | null | undefined,
  input: ScanInput,
  now = new Date(),
): Promise<ScanResult> {
  const v = await verifyCardToken(secret, input.token ?? "");
  if (!v.ok || v.tenantId !== claims.app_metadata.tenant_id) {
    return { outcome: "invalid", day: null, child: null, message: INVALID };
  }
  const at = input.scanned_at && !Number.isNaN(Date.parse(input.scanned_at))
    ? new Date(input.scanned_at)
    : now;
  // A device clock ahead of the server's cannot record the future.
  const when = at > now ? now : at;
  const day = romeDateOf(when);
  const [e] = await tx.query<{ id: string; class_id: string | null }>(
    "select id, class_id from public.enrollments where tenant_id = app.tenant_id() and id = $1",
    [v.enrollmentId],
  );
  if (!e) {
    return {
      outcome: "rejected",
      day,
      child: null,
      message: {
        it: "Tessera valida, ma il bambino non è tra quelli di tua competenza.",
        en: "Valid card, but the child is not one of yours.",
      },
    };
  }
  const child = await childInfo(tx, e.id, e.class_id, day);
  if (child) {
    await tx.query(
      "select app.audit_event(app.tenant_id(), 'view', 'attendance_scan', $1, $2)",
      [e.id, { day, diet: !!child.diet }],
    );
  }
  const [current] = await tx.query<{ status: string }>(
    `select status from public.attendance_marks
      where tenant_id = app.tenant_id() and enrollment_id = $1 and day = $2`,
    [e.id, day],
  );
  if (current?.status === "present") {
    return {
      outcome: "already",
      day,
      child,
      message: { it: "Già registrato: presenza già segnata oggi.", en: "Already recorded today." },
    };
  }
  const [r] = await recordMarks(tx, [{
    enrollment_id: e.id,
    day,
    status: "present",
    marked_at: when.toISOString(),
  }], { source: sourceFor(claims, "scan"), userId: recorderOf(claims, auth), now });
  if (r.outcome === "rejected") {
    return { outcome: "rejected", day, child, message: { it: r.reason.it, en: r.reason.en } };
  }
  if (r.outcome === "stale") {
    return {
      outcome: "stale",
      day,
      child,
      message: {
        it: "Scansione superata: dopo di essa è stata registrata un'assenza o una disdetta.",
        en: "Scan superseded: an absence or cancellation was recorded after it.",
      },
    };
  }
  return {
    outcome: "recorded",
    day,
    child,
    message: current
      ? {
        it: "Presenza registrata (prima risultava assente o disdetto).",
        en: "Presence recorded (was absent or cancelled before).",
      }
      : { it: "Presenza registrata.", en: "Presence recorded." },
  };
}
