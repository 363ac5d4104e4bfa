import type { Ctx, State } from "../../../../lib/http/define.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { getService, type Service } from "../../../../lib/services/db.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** The service of the page (`:id`), or 404 when it is not the caller's. */
export async function pageService(c: Ctx): Promise<{ state: State; service: Service }> {
  const state = c.get("state");
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) throw new HttpError(404, "No such service", { code: "not_found" });
  const service = await state.db.asUser(state.claims!, (tx) => getService(tx, id));
  if (!service) throw new HttpError(404, "No such service", { code: "not_found" });
  return { state, service };
}

/** A parsed form body: strings by name, arrays where a name repeats. */
export type Body = Record<string, string | File | (string | File)[]>;

export async function readBody(c: Ctx): Promise<Body> {
  return await c.req.parseBody({ all: true }) as Body;
}

/** The text of a field (the first one when repeated). */
export function field(body: Body, name: string): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one : "";
}

/** Every text value of a repeated field (checkbox groups). */
export function fields(body: Body, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string =>
    typeof x === "string"
  );
}

/** Messages of a check in the page's language, keyed by the form's field ids. */
export function messages(
  lang: "it" | "en",
  problems: Record<string, { it: string; en: string } | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, p] of Object.entries(problems)) if (p) out[k] = p[lang];
  return out;
}
