/** Justifies an absence of a child of the class (the roster's form) and goes back to the roster. */
import { justifyAbsence } from "../../../../lib/attendance/justify.ts";
import { getClass } from "../../../../lib/attendance/roster.ts";
import { isIsoDate } from "../../../../lib/calendar/dates.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";

export const handler = define.handlers({
  async POST(c) {
    const { db, claims } = c.get("state");
    const classId = c.req.param("id")!;
    const form = await c.req.parseBody();
    const input = {
      enrollment_id: String(form.enrollment_id ?? ""),
      day: String(form.day ?? ""),
      text: String(form.text ?? ""),
    };
    const result = await db.asUser(claims!, async (tx) => {
      if (!await getClass(tx, classId)) {
        throw new HttpError(404, "No such class", { code: "not_found" });
      }
      // Only a child of this class, whatever else the caller may reach.
      const [inClass] = await tx.query(
        `select 1 from public.enrollments
          where tenant_id = app.tenant_id() and class_id = $1 and id::text = $2`,
        [classId, input.enrollment_id],
      );
      if (!inClass) return { ok: false as const, code: "not_found" as const };
      return await justifyAbsence(tx, input);
    });
    const day = isIsoDate(input.day) ? input.day : "";
    const back = `/docenti/classi/${classId}?giorno=${day}`;
    return result.ok
      ? c.redirect(`${back}&esito=giustificata`, 303)
      : c.redirect(`${back}&esito=rifiutata&motivo=justify_${result.code}`, 303);
  },
});
