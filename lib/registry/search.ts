/**
 * Searching the people of the caller's Ente: free text (`q`: names in any order, or the start
 * of a codice fiscale in any omocodic form) plus filters, in alphabetical order with keyset
 * pagination, so the first and the thousandth page cost the same on 100,000 people.
 *
 * The filtering runs in `app.search_people` / `app.count_people` (security definer: under RLS
 * Postgres may not use an index for LIKE), the rows are then read under RLS by primary key.
 * How each part of `q` reaches an index (see `supabase/migrations/…_registry.sql`):
 * - a codice fiscale prefix (6 letters then a digit or an omocodic letter) → `tax_code_key`
 *   prefix on the btree `people_tax_code_key` (canonical form, so variants match);
 * - words of 3+ characters → `search like '%word%'` on the trigram GIN index;
 * - when every word is shorter → prefix of `sort_key` ("ro" finds "Rossi …") on
 *   `people_sort_idx`; shorter words beside longer ones only filter (`strpos`).
 * Service, site and class are one `exists (…)` on enrollments (the person as the beneficiary of
 * an enrollment not withdrawn, matching every one given), in `app.people_search_where`
 * (`…_registry_enrollment_filters.sql`), like `household_id`.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { canonicalCodiceFiscale } from "../codes/mod.ts";
import type { PersonKind } from "./labels.ts";
import { HOUSEHOLD_JOIN, type Person, PERSON_SELECT, type PersonRow, toPerson } from "./people.ts";
import { isUuid } from "../codes/uuid.ts";

export interface PeopleFilter {
  /** Free text: names in any order and/or the start of a codice fiscale. */
  q?: string | null;
  /** Exactly this codice fiscale (any omocodic variant). */
  taxCode?: string | null;
  kind?: PersonKind | null;
  householdId?: string | null;
  /** true: only people in a household; false: only people in none. */
  inHousehold?: boolean | null;
  resident?: boolean | null;
  /** Beneficiaries of an enrollment (not withdrawn) in this service… */
  serviceId?: string | null;
  /** …at this site… */
  siteId?: string | null;
  /** …in this class (all given must hold for the same enrollment). */
  classId?: string | null;
  /** Merged records are left out unless asked for. */
  includeMerged?: boolean;
}

export interface PeoplePageRequest {
  limit: number;
  /** `next` cursor of the previous page. */
  after?: string | null;
  /** `prev` cursor of the next page (going back). */
  before?: string | null;
  /** Count the matches (one more query); on by default. */
  count?: boolean;
}

export interface PeoplePage {
  items: Person[];
  /** Matches in all (at most COUNT_CAP), or null when not counted. */
  total: number | null;
  /** More than COUNT_CAP match. */
  totalCapped: boolean;
  next: string | null;
  prev: string | null;
}

/** Same folding as `app.registry_fold` in SQL: lowercase, no accents or apostrophes. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['’`]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
}

const OMOCODIA = "LMNPQRSTUV";
const OMOCODIC_POSITIONS = new Set([6, 7, 9, 10, 12, 13, 14]);

/**
 * The canonical prefix of a (partial) codice fiscale, or null when `q` is not one: "RSSMRA8R"
 * → "RSSMRA85". A partial code must hold a digit (else it is a name); a complete code is
 * canonicalized with its check character.
 */
export function taxCodePrefix(q: string): string | null {
  const s = q.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNP-V][0-9A-Z]{0,9}$/.test(s)) return null;
  if (s.length === 16) return canonicalCodiceFiscale(s);
  // "Marchetti" has the shape of a code's start too; a partial code has its year's digits.
  if (!/\d/.test(s)) return null;
  return s.split("").map((c, i) =>
    OMOCODIC_POSITIONS.has(i) && OMOCODIA.includes(c) ? String(OMOCODIA.indexOf(c)) : c
  ).join("");
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type Key = [sortKey: string, id: string];

/** An opaque, URL-safe cursor (base64url of the last row's sort key and id). */
export function encodeCursor(key: Key): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(cursor: string): Key | null {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder("utf-8", { fatal: true })
      .decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const v = JSON.parse(json);
    if (
      Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && v[0].length <= 300 &&
      typeof v[1] === "string" && isUuid(v[1])
    ) return [v[0], v[1]];
  } catch { /* not a cursor */ }
  return null;
}

/**
 * The filter as `app.search_people` takes it (patterns ready, codes canonical), or null when
 * nothing can match. The database quotes every value; nothing here becomes SQL.
 */
export function searchFilter(f: PeopleFilter): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (f.includeMerged) out.include_merged = true;
  const q = f.q?.trim() ?? "";
  if (q) {
    const cf = taxCodePrefix(q);
    if (cf) out.cf_like = `${likeEscape(cf)}%`;
    else {
      const words = [...new Set(fold(q).split(" ").filter(Boolean))].slice(0, 6);
      if (words.length === 0) return null;
      const long = words.filter((w) => w.length >= 3);
      const short = words.filter((w) => w.length < 3);
      out.like = long.map((w) => `%${likeEscape(w)}%`);
      // Words too short for trigrams: the first is a surname prefix when alone, else a filter.
      if (long.length === 0) out.sort_like = `${likeEscape(short.shift()!)}%`;
      out.contains = short;
    }
  }
  if (f.taxCode) {
    const key = canonicalCodiceFiscale(f.taxCode);
    if (!key) return null;
    out.tax_code_key = key;
  }
  if (f.kind) out.kind = f.kind;
  if (f.resident != null) out.resident = f.resident;
  if (f.householdId) out.household_id = f.householdId;
  if (f.inHousehold != null) out.in_household = f.inHousehold;
  const enrolled = { service_id: f.serviceId, site_id: f.siteId, class_id: f.classId };
  for (const [key, id] of Object.entries(enrolled)) {
    if (!id) continue;
    // Not an id: nobody is enrolled there (rather than a database error on the cast).
    if (!isUuid(id)) return null;
    out[key] = id.toLowerCase();
  }
  return out;
}

/** Totals above this are reported as "more than": counting every match would cost a scan. */
export const COUNT_CAP = 10_000;

/**
 * A page of people matching `filter`, alphabetical (surname, name), with cursors both ways.
 * `await listPeople(tx, { q: "rossi mar" }, { limit: 25 }) // { items, total, next, prev }`
 */
export async function listPeople(
  tx: Tx,
  filter: PeopleFilter,
  page: PeoplePageRequest,
): Promise<PeoplePage> {
  const f = searchFilter(filter);
  if (!f) return { items: [], total: 0, totalCapped: false, next: null, prev: null };
  const before = page.before ? decodeCursor(page.before) : null;
  const after = !before && page.after ? decodeCursor(page.after) : null;
  const json = JSON.stringify({ ...f, ...(before ? { before } : after ? { after } : {}) });
  // Ids come from the search function; the rows are read here, under RLS, by primary key.
  const rows = await tx.query<PersonRow & { sort_key: string }>(
    `select ${PERSON_SELECT}, s.sort_key
       from app.search_people($1::text::jsonb, $2) with ordinality as s(id, sort_key, n)
       join public.people p on p.tenant_id = (select app.tenant_id()) and p.id = s.id
       ${HOUSEHOLD_JOIN}
      order by s.n`,
    [json, page.limit + 1],
  );
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  if (before) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  let total: number | null = null;
  if (page.count !== false) {
    [{ total }] = await tx.query<{ total: number }>(
      "select app.count_people($1::text::jsonb, $2) as total",
      [JSON.stringify(f), COUNT_CAP],
    );
  }
  return {
    items: shown.map(toPerson),
    total: total === null ? null : Math.min(total, COUNT_CAP),
    totalCapped: total !== null && total > COUNT_CAP,
    next: last && (before || more) ? encodeCursor([last.sort_key, last.id]) : null,
    prev: first && (after || (before && more)) ? encodeCursor([first.sort_key, first.id]) : null,
  };
}
