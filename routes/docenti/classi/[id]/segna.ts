/**
 * Marks attendance for a class: JSON from the roster island (`{ marks: [...] }` → per-mark
 * results, including the marks queued offline), or the roster's plain forms (one child, or "tutti
 * presenti") → back to the roster with the outcome. Every mark goes through `recordMarks`.
 */
import { z } from "zod";
import {
  type ClassMarkResult,
  getClass,
  markAllPresent,
  markClass,
} from "../../../../lib/attendance/roster.ts";
import { isIsoDate } from "../../../../lib/calendar/dates.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { problem } from "../../../../lib/http/problem.ts";

const day = z.string().refine(isIsoDate, "Data non valida (AAAA-MM-GG).");
const Batch = z.object({
  marks: z.array(z.object({
    enrollment_id: z.string().uuid(),
    day,
    status: z.enum(["present", "absent"]),
    meal: z.enum(["standard", "white"]).nullable().optional(),
    marked_at: z.string().datetime({ offset: true }).optional(),
  })).min(1).max(500),
});

/** A device clock running ahead must not let its marks beat every later correction. */
const SKEW_MS = 5 * 60_000;
function deviceTime(at: string | undefined, now: Date): string {
  if (!at) return now.toISOString();
  const t = Date.parse(at);
  return t > now.getTime() + SKEW_MS ? now.toISOString() : new Date(t).toISOString();
}

export const handler = define.handlers({
  async POST(c) {
    const { db, claims } = c.get("state");
    const classId = c.req.param("id")!;
    const now = new Date();
    const ctx = { source: "teacher" as const, userId: claims!.sub, now };
    const isJson = c.req.header("content-type")?.includes("application/json");

    if (isJson) {
      const parsed = Batch.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) {
        return problem(422, "Marks not valid", {
          code: "validation_failed",
          errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        });
      }
      const marks = parsed.data.marks.map((m) => ({
        enrollment_id: m.enrollment_id,
        day: m.day,
        status: m.status,
        meal: m.status === "present" ? m.meal ?? "standard" : null,
        marked_at: deviceTime(m.marked_at, now),
      }));
      const out = await db.asUser(claims!, async (tx) => {
        if (!await getClass(tx, classId)) return null;
        return await markClass(tx, classId, marks, ctx);
      });
      if (!out) return problem(404, "No such class", { code: "not_found" });
      return c.json(out);
    }

    const form = await c.req.parseBody();
    const action = String(form.action ?? "");
    const d = String(form.day ?? "");
    if (!isIsoDate(d)) throw new HttpError(422, "Data non valida.", { code: "invalid_day" });
    const out: ClassMarkResult = await db.asUser(claims!, async (tx) => {
      const cls = await getClass(tx, classId);
      if (!cls) throw new HttpError(404, "No such class", { code: "not_found" });
      if (action === "all_present") {
        const sid = String(form.service_id ?? "") || null;
        return await markAllPresent(tx, cls, d, sid, ctx);
      }
      if (action !== "present" && action !== "absent" && action !== "white") {
        throw new HttpError(422, "Azione non valida.", { code: "invalid_action" });
      }
      return await markClass(tx, classId, [{
        enrollment_id: String(form.enrollment_id ?? ""),
        day: d,
        status: action === "absent" ? "absent" : "present",
        meal: action === "absent" ? null : action === "white" ? "white" : "standard",
      }], ctx);
    });
    const back = `/docenti/classi/${classId}?giorno=${d}`;
    const rejected = out.results.find((r) => r.outcome === "rejected");
    if (rejected && rejected.outcome === "rejected") {
      return c.redirect(`${back}&esito=rifiutata&motivo=${rejected.reason.code}`, 303);
    }
    const esito = action === "all_present"
      ? "tutti"
      : out.results[0]?.outcome === "stale"
      ? "superata"
      : out.results[0]?.outcome === "unchanged"
      ? "invariata"
      : "registrata";
    return c.redirect(`${back}&esito=${esito}`, 303);
  },
});
