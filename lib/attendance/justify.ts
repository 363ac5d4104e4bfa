/**
 * Justifying an absence (giustificazione): the family brought a note, the child was ill. The mark
 * keeps its status and revision; who justified it and when are stored on it, the audit log keeps
 * the history, and the class and the family see it live.
 *
 * @module
 */
import { isIsoDate } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { emit, rooms } from "../realtime/emit.ts";
import { isUuid } from "../codes/uuid.ts";

export interface JustifyInput {
  enrollment_id: string;
  day: string;
  text: string;
}

/** Null when the justification may be stored; otherwise why not, [it, en]. */
export function checkJustification(j: JustifyInput): [string, string] | null {
  if (!isUuid(j.enrollment_id) || !isIsoDate(j.day)) {
    return ["Assenza non trovata.", "Absence not found."];
  }
  const text = j.text.trim();
  if (text.length < 3) {
    return [
      "Scrivi la giustificazione (almeno 3 caratteri), ad esempio «malattia, certificato del pediatra».",
      "Write the justification (at least 3 characters), e.g. “illness, paediatrician's note”.",
    ];
  }
  if (text.length > 1000) {
    return ["La giustificazione può avere al massimo 1000 caratteri.", "At most 1000 characters."];
  }
  return null;
}

export type JustifyResult =
  | { ok: true; revision: number; justified_at: string }
  | { ok: false; code: "invalid" | "not_found" | "present"; reason: [string, string] };

/**
 * Justifies the absence of `enrollment_id` on `day` (the caller's class, or staff). An absence
 * that does not exist or a day the child was present is refused with the reason.
 */
export async function justifyAbsence(tx: Tx, j: JustifyInput): Promise<JustifyResult> {
  const invalid = checkJustification(j);
  if (invalid) return { ok: false, code: "invalid", reason: invalid };
  const [e] = await tx.query<{ class_id: string | null; status: string | null }>(
    `select e.class_id,
            (select m.status from public.attendance_marks m
              where m.tenant_id = e.tenant_id and m.enrollment_id = e.id and m.day = $2) as status
       from public.enrollments e where e.tenant_id = app.tenant_id() and e.id = $1`,
    [j.enrollment_id, j.day],
  );
  if (!e || !e.status) {
    return {
      ok: false,
      code: "not_found",
      reason: [
        "Non c'è un'assenza registrata per quel giorno: segna prima l'assenza.",
        "No absence is recorded for that day: mark the absence first.",
      ],
    };
  }
  if (e.status === "present") {
    return {
      ok: false,
      code: "present",
      reason: [
        "Quel giorno il bambino risulta presente: non c'è nulla da giustificare.",
        "The child was present that day: there is nothing to justify.",
      ],
    };
  }
  const [row] = await tx.query<{ revision: number; justified_at: string }>(
    "select revision, justified_at from app.justify_absence($1, $2, $3)",
    [j.enrollment_id, j.day, j.text.trim()],
  );
  const justifiedAt = new Date(row.justified_at).toISOString();
  const event = {
    enrollment_id: j.enrollment_id,
    day: j.day,
    justified: true,
    justification: j.text.trim(),
    justified_at: justifiedAt,
  };
  if (e.class_id) await emit(tx, rooms.class(e.class_id), "attendance.justify", event);
  await emit(tx, rooms.child(j.enrollment_id), "attendance.justify", event);
  return { ok: true, revision: row.revision, justified_at: justifiedAt };
}
