/**
 * Deleting sites and classes. A site or class that something still refers to (classes held at a
 * site, applications and enrollments naming it) is refused with the list of what refers to it,
 * so the operator knows what to change first; nothing is deleted in part. A site's photos go with
 * it: the rows in the same transaction, the stored bytes once it has committed (the caller passes
 * the returned keys to the storage). Audit rows of everything deleted stay (`app.audit_row`).
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { SitesError, sqlState } from "./errors.ts";
import { isUuid } from "../codes/uuid.ts";

/** What still refers to a site or class: counts of rows the caller can see. */
export interface References {
  /** Classes held at the site (every school year); always 0 for a class. */
  classes: number;
  /** Applications (items: one child × one service) that name it. */
  application_items: number;
  /** Enrollments that name it, withdrawn ones included: they are history. */
  enrollments: number;
}

/** True when nothing refers to it: `inUse({ classes: 0, … }) // false`. */
export function inUse(r: References): boolean {
  return r.classes + r.application_items + r.enrollments > 0;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "3 classi, 1 domanda di iscrizione": what refers to it, in words, in `lang`.
 * `describeReferences({ classes: 2, application_items: 0, enrollments: 1 }, "it")
 * // "2 classi e 1 iscrizione"`
 */
export function describeReferences(r: References, lang: "it" | "en"): string {
  const it = lang === "it";
  const parts = [
    r.classes && plural(r.classes, it ? "classe" : "class", it ? "classi" : "classes"),
    r.application_items && plural(
      r.application_items,
      it ? "domanda di iscrizione" : "application",
      it ? "domande di iscrizione" : "applications",
    ),
    r.enrollments &&
    plural(r.enrollments, it ? "iscrizione" : "enrollment", it ? "iscrizioni" : "enrollments"),
  ].filter((p): p is string => Boolean(p));
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ${it ? "e" : "and"} ${parts.at(-1)}`;
}

const REFUSALS = {
  site: {
    code: "site_in_use",
    it: ["Il plesso", "Elimina o sposta prima le classi e aggiorna domande e iscrizioni."],
    en: ["The site", "Delete or move the classes first and update applications and enrollments."],
  },
  class: {
    code: "class_in_use",
    it: ["La classe", "Assegna prima quei bambini a un'altra classe."],
    en: ["The class", "Assign those children to another class first."],
  },
} as const;

/**
 * Why a site or class cannot be deleted, naming what refers to it (`refs`, or "other records"
 * when only the database's foreign keys could tell).
 */
export function inUseRefusal(what: "site" | "class", refs: References | null): SitesError {
  const r = REFUSALS[what];
  const known = refs && inUse(refs);
  const it = known ? describeReferences(refs, "it") : "altri dati dell'Ente";
  const en = known ? describeReferences(refs, "en") : "other records of the Ente";
  return new SitesError(
    r.code,
    {
      it: `${r.it[0]} non si può eliminare: vi fanno riferimento ${it}. ${r.it[1]}`,
      en: `${r.en[0]} cannot be deleted: ${en} refer to it. ${r.en[1]}`,
    },
    undefined,
    refs ? { references: refs } : undefined,
  );
}

async function count(tx: Tx, sql: string, id: string): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(sql, [id]);
  return n;
}

/** What refers to the site `id`. */
export async function siteReferences(tx: Tx, id: string): Promise<References> {
  return {
    classes: await count(
      tx,
      "select count(*)::int as n from public.classes where site_id = $1",
      id,
    ),
    application_items: await count(
      tx,
      "select count(*)::int as n from public.application_items where site_id = $1",
      id,
    ),
    enrollments: await count(
      tx,
      "select count(*)::int as n from public.enrollments where site_id = $1",
      id,
    ),
  };
}

/** What refers to the class `id`. */
export async function classReferences(tx: Tx, id: string): Promise<References> {
  return {
    classes: 0,
    application_items: await count(
      tx,
      "select count(*)::int as n from public.application_items where class_id = $1",
      id,
    ),
    enrollments: await count(
      tx,
      "select count(*)::int as n from public.enrollments where class_id = $1",
      id,
    ),
  };
}

/** A foreign-key refusal (something we could not see refers to it) as our refusal. */
function orInUse(e: unknown, refusal: () => SitesError): unknown {
  return sqlState(e) === "23503" ? refusal() : e;
}

/**
 * Deletes the site `id` with its photos and the list of services delivered there. Returns the
 * storage keys of the deleted photos (to delete after commit), or null when the site does not
 * exist or is not the caller's to delete. Throws `site_in_use` when something refers to it.
 */
export async function deleteSite(tx: Tx, id: string): Promise<string[] | null> {
  if (!isUuid(id)) return null;
  const [site] = await tx.query<{ id: string }>(
    "select id from public.sites where id = $1 for update",
    [id],
  );
  if (!site) return null;
  const refs = await siteReferences(tx, id);
  if (inUse(refs)) throw inUseRefusal("site", refs);
  try {
    const photos = await tx.query<{ storage_key: string }>(
      "delete from public.site_photos where site_id = $1 returning storage_key",
      [id],
    );
    const deleted = await tx.query("delete from public.sites where id = $1 returning id", [id]);
    if (deleted.length === 0) return null;
    return photos.map((p) => p.storage_key);
  } catch (e) {
    throw orInUse(e, () => inUseRefusal("site", null));
  }
}

/**
 * Deletes the class `id` and its teachers' assignments. False when the class does not exist or
 * is not the caller's to delete; throws `class_in_use` when something refers to it.
 */
export async function deleteClass(tx: Tx, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const [cls] = await tx.query<{ id: string }>(
    "select id from public.classes where id = $1 for update",
    [id],
  );
  if (!cls) return false;
  const refs = await classReferences(tx, id);
  if (inUse(refs)) throw inUseRefusal("class", refs);
  try {
    const deleted = await tx.query("delete from public.classes where id = $1 returning id", [id]);
    return deleted.length > 0;
  } catch (e) {
    throw orInUse(e, () => inUseRefusal("class", null));
  }
}
