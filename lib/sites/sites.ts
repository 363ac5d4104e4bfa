/**
 * Sites (plessi) of the caller's Ente, the services delivered there and their photos. Every
 * function runs in the caller's transaction (`db.asUser`), so RLS decides what is visible: staff
 * see every site of their Ente, a teacher only the sites of their classes.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { mapDbError, SitesError } from "./errors.ts";
import type { Criterion, SiteKind } from "./rules.ts";
import { isUuid } from "../codes/uuid.ts";

/** What an operator sets on a site. */
export interface SiteValues {
  name: string;
  kind: SiteKind;
  school_code: string | null;
  address: string;
  postal_code: string;
  municipality: string;
  latitude: number | null;
  longitude: number | null;
  capacity: number | null;
  min_age_months: number | null;
  max_age_months: number | null;
  residency_priority: boolean;
  criteria: Criterion[];
}

export interface SitePhoto {
  id: string;
  /** Where members of the Ente fetch it: `/files/<tenant_id>/<uuid>`. */
  url: string;
  storage_key: string;
  content_type: string;
  size_bytes: number;
  alt_text: string;
  /** ISO 8601 instant. */
  created_at: string;
}

export interface Site extends SiteValues {
  id: string;
  service_ids: string[];
  photos: SitePhoto[];
  /** Classes held at the site, every school year. */
  class_count: number;
  created_at: string;
  updated_at: string;
}

export const SITE_FIELDS = [
  "name",
  "kind",
  "school_code",
  "address",
  "postal_code",
  "municipality",
  "latitude",
  "longitude",
  "capacity",
  "min_age_months",
  "max_age_months",
  "residency_priority",
  "criteria",
] as const satisfies readonly (keyof SiteValues)[];

const iso = (d: Date | string) => new Date(d).toISOString();

const SITE_SELECT = `
  select s.id, s.name, s.kind, s.school_code, s.address, s.postal_code, s.municipality,
         s.latitude::float8 as latitude, s.longitude::float8 as longitude, s.capacity,
         s.min_age_months, s.max_age_months, s.residency_priority, s.criteria,
         s.created_at, s.updated_at,
         coalesce((select jsonb_agg(ss.service_id order by ss.service_id)
                     from public.site_services ss
                    where ss.tenant_id = s.tenant_id and ss.site_id = s.id), '[]') as service_ids,
         coalesce((select jsonb_agg(jsonb_build_object(
                            'id', p.id, 'storage_key', p.storage_key,
                            'content_type', p.content_type, 'size_bytes', p.size_bytes,
                            'alt_text', p.alt_text, 'created_at', p.created_at)
                          order by p.created_at, p.id)
                     from public.site_photos p
                    where p.tenant_id = s.tenant_id and p.site_id = s.id), '[]') as photos,
         (select count(*)::int from public.classes c
           where c.tenant_id = s.tenant_id and c.site_id = s.id) as class_count
    from public.sites s`;

type SiteRow = Omit<Site, "photos" | "created_at" | "updated_at"> & {
  photos: (Omit<SitePhoto, "url" | "created_at"> & { created_at: string })[];
  created_at: Date | string;
  updated_at: Date | string;
};

function toSite(r: SiteRow): Site {
  return {
    ...r,
    photos: r.photos.map((p) => ({
      ...p,
      url: `/files/${p.storage_key}`,
      created_at: iso(p.created_at),
    })),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

export interface SiteQuery {
  /** Part of the name, address, municipality or school code. */
  q?: string | null;
  kind?: SiteKind | null;
  limit: number;
  offset: number;
}

/** `%text%` for ILIKE, with the pattern characters of `text` escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of the sites the caller can see, by name. */
export async function listSites(
  tx: Tx,
  query: SiteQuery,
): Promise<{ items: Site[]; total: number }> {
  const q = query.q?.trim() ? likePattern(query.q.trim()) : null;
  const where = `where ($1::text is null or s.name ilike $1 or s.address ilike $1
                        or s.municipality ilike $1 or s.school_code ilike $1)
                   and ($2::text is null or s.kind = $2)`;
  const [{ total }] = await tx.query<{ total: number }>(
    `select count(*)::int as total from public.sites s ${where}`,
    [q, query.kind ?? null],
  );
  const rows = await tx.query<SiteRow>(
    `${SITE_SELECT} ${where} order by lower(s.name), s.id limit $3 offset $4`,
    [q, query.kind ?? null, query.limit, query.offset],
  );
  return { items: rows.map(toSite), total };
}

/** One site, or null when it does not exist or the caller may not see it. */
export async function getSite(tx: Tx, id: string): Promise<Site | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<SiteRow>(`${SITE_SELECT} where s.id = $1`, [id]);
  return row ? toSite(row) : null;
}

/** Sites as choices for a form (id and name), by name. */
export async function siteChoices(tx: Tx): Promise<{ id: string; name: string }[]> {
  return await tx.query("select id, name from public.sites order by lower(name), id");
}

// JSON goes as an object (a string would be encoded twice by postgres.js, an array sent as a
// Postgres array): the list travels inside `{ items }`.
function columnValue(field: typeof SITE_FIELDS[number], v: SiteValues): unknown {
  return field === "criteria" ? { items: v.criteria } : v[field];
}

function placeholder(field: typeof SITE_FIELDS[number], n: number): string {
  return field === "criteria" ? `($${n}::jsonb -> 'items')` : `$${n}`;
}

/**
 * Creates a site in the caller's Ente (or in `tenantId`, for the seed) with the services
 * delivered there. Refusals (same name, same school code, unknown service) are SitesErrors.
 */
export async function createSite(
  tx: Tx,
  values: SiteValues,
  serviceIds: string[] = [],
  tenantId: string | null = null,
): Promise<Site> {
  const cols = SITE_FIELDS.join(", ");
  const params = SITE_FIELDS.map((f) => columnValue(f, values));
  const placeholders = SITE_FIELDS.map((f, i) => placeholder(f, i + 2));
  let id: string;
  try {
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.sites (tenant_id, ${cols})
       values (coalesce($1::uuid, app.tenant_id()), ${placeholders.join(", ")}) returning id`,
      [tenantId, ...params],
    );
  } catch (e) {
    throw mapDbError(e);
  }
  await setSiteServices(tx, id, serviceIds);
  return (await getSite(tx, id))!;
}

/**
 * Changes the fields given in `patch` and, when `serviceIds` is given, the services delivered.
 * Null when the site does not exist or is not the caller's to change.
 */
export async function updateSite(
  tx: Tx,
  id: string,
  patch: Partial<SiteValues>,
  serviceIds?: string[],
): Promise<Site | null> {
  if (!isUuid(id)) return null;
  const fields = SITE_FIELDS.filter((f) => patch[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = ${placeholder(f, i + 2)}`);
  let rows: { id: string }[];
  try {
    rows = await tx.query<{ id: string }>(
      `update public.sites set ${[...sets, "updated_at = now()"].join(", ")}
        where id = $1 returning id`,
      [id, ...fields.map((f) => columnValue(f, patch as SiteValues))],
    );
  } catch (e) {
    throw mapDbError(e);
  }
  if (rows.length === 0) return null;
  if (serviceIds) await setSiteServices(tx, id, serviceIds);
  return await getSite(tx, id);
}

/** Makes the services delivered at the site exactly `serviceIds` (services of the same Ente). */
export async function setSiteServices(tx: Tx, siteId: string, serviceIds: string[]) {
  const ids = [...new Set(serviceIds)];
  if (ids.some((s) => !isUuid(s))) throw unknownService();
  if (ids.length) {
    const found = await tx.query<{ id: string }>(
      `select sv.id from public.services sv join public.sites s on s.tenant_id = sv.tenant_id
        where s.id = $1 and sv.id = any($2::uuid[])`,
      [siteId, ids],
    );
    if (found.length !== ids.length) throw unknownService();
  }
  await tx.query(
    "delete from public.site_services where site_id = $1 and not (service_id = any($2::uuid[]))",
    [siteId, ids],
  );
  await tx.query(
    `insert into public.site_services (tenant_id, site_id, service_id)
     select s.tenant_id, s.id, x from public.sites s, unnest($2::uuid[]) x where s.id = $1
     on conflict do nothing`,
    [siteId, ids],
  );
}

function unknownService() {
  return new SitesError("unknown_service", {
    it: "Uno dei servizi indicati non esiste nel tuo Ente.",
    en: "One of the services given does not exist in your Ente.",
  }, "service_ids");
}

/** Services of the Ente as choices for a form (staff see drafts too). */
export async function serviceChoices(
  tx: Tx,
): Promise<{ id: string; title: string; kind: string; status: string }[]> {
  return await tx.query(
    "select id, title, kind, status from public.services order by lower(title), id",
  );
}

/** Records a stored photo of a site; the caller has put the bytes under `storageKey` already. */
export async function addSitePhoto(tx: Tx, photo: {
  siteId: string;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  altText: string;
  uploadedBy: string | null;
}): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.site_photos
       (tenant_id, site_id, storage_key, content_type, size_bytes, alt_text, uploaded_by)
     select s.tenant_id, s.id, $2, $3, $4, $5, $6 from public.sites s where s.id = $1
     returning id`,
    [
      photo.siteId,
      photo.storageKey,
      photo.contentType,
      photo.sizeBytes,
      photo.altText,
      photo.uploadedBy,
    ],
  );
  if (!row) throw new SitesError("not_found", { it: "Plesso non trovato.", en: "No such site." });
  return row.id;
}

/** Deletes a photo of a site; its storage key (to delete the bytes after commit), or null. */
export async function deleteSitePhoto(
  tx: Tx,
  siteId: string,
  photoId: string,
): Promise<string | null> {
  if (!isUuid(siteId) || !isUuid(photoId)) return null;
  const [row] = await tx.query<{ storage_key: string }>(
    "delete from public.site_photos where id = $1 and site_id = $2 returning storage_key",
    [photoId, siteId],
  );
  return row?.storage_key ?? null;
}

/** The stored file of `storageKey` as the caller may see it (RLS on site_photos), or null. */
export async function photoByKey(
  tx: Tx,
  storageKey: string,
): Promise<{ content_type: string; size_bytes: number } | null> {
  const [row] = await tx.query<{ content_type: string; size_bytes: number }>(
    "select content_type, size_bytes from public.site_photos where storage_key = $1",
    [storageKey],
  );
  return row ?? null;
}
