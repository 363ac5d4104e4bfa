import type { Db } from "../../lib/db/types.ts";
import { newStorageKey } from "../../lib/storage/mod.ts";
import { testApp, type TestClient } from "./app.ts";
import type { Fixture } from "./second_tenant.ts";

/** A 1×1 transparent PNG: the smallest valid upload. */
export const TINY_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

/**
 * Sites and classes: a primary school delivering the Ente's first service, a photo of it (the row
 * only: no bytes are stored), class 1A of the first school year and its teacher.
 */
export const SITE_FIXTURES: Record<string, Fixture> = {
  async sites(tx, f) {
    await tx.query(
      `insert into public.sites (tenant_id, name, kind, school_code, address, postal_code,
                                 municipality, latitude, longitude, capacity, criteria)
       values ($1, 'Scuola primaria Dante Alighieri', 'school', 'VAEE81201C', 'Via Roma 10',
               '21030', 'Montecalvo', 45.91, 8.84, 200,
               '[{"code": "fratelli_iscritti", "label": "Fratelli iscritti", "points": 5}]')`,
      [f.tenantId],
    );
  },
  async site_services(tx, f) {
    await tx.query(
      `insert into public.site_services (tenant_id, site_id, service_id)
       select s.tenant_id, s.id, sv.id from public.sites s
         join public.services sv on sv.tenant_id = s.tenant_id
        where s.tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
  async site_photos(tx, f) {
    await tx.query(
      `insert into public.site_photos (tenant_id, site_id, storage_key, content_type, size_bytes,
                                       alt_text, uploaded_by)
       select s.tenant_id, s.id, $2, 'image/png', $3, 'Ingresso della scuola', $4
         from public.sites s where s.tenant_id = $1 limit 1`,
      [f.tenantId, newStorageKey(f.tenantId), TINY_PNG.length, f.users.admin],
    );
  },
  async classes(tx, f) {
    await tx.query(
      `insert into public.classes (tenant_id, school_year_id, site_id, name, school_level, grade,
                                   capacity)
       select s.tenant_id, y.id, s.id, '1A', 'primaria', 1, 22
         from public.sites s join public.school_years y on y.tenant_id = s.tenant_id
        where s.tenant_id = $1 order by y.starts_on limit 1`,
      [f.tenantId],
    );
  },
  async class_teachers(tx, f) {
    await tx.query(
      `insert into public.class_teachers (tenant_id, class_id, user_id)
       select c.tenant_id, c.id, $2 from public.classes c where c.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.teacher],
    );
  },
};

/** The demo people the sites tests sign in as. */
export const PEOPLE = {
  admin: "admin@comune.valdiponte.example",
  operator: "m.rossi@comune.valdiponte.example",
  ferrari: "l.ferrari@scuola.valdiponte.example",
  romano: "a.romano@scuola.valdiponte.example",
  family: "chiara.colombo@posta.example",
};

/** Id of the first row `sql` returns (run as the owner, for test set-up). */
export async function idOf(db: Db, sql: string, params: unknown[] = []): Promise<string> {
  const [row] = await db.asOwner((tx) => tx.query<{ id: string }>(sql, params));
  if (!row) throw new Error(`no row for: ${sql}`);
  return row.id;
}

/** A signed-in client of the app over `db` (the app is given a storage folder of its own). */
export async function signedIn(
  db: Db,
  email: string,
  storageDir?: string,
): Promise<TestClient> {
  const { client } = await testApp(db, storageDir ? { config: { storageDir } } : {});
  const c = client();
  const res = await c.signIn(email);
  if (res.status !== 303) throw new Error(`sign-in of ${email}: ${res.status}`);
  return c;
}

/** A JSON call through a signed-in client (CSRF header set). */
export async function api(
  c: TestClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = { "x-csrf-token": await c.csrf() };
  if (body !== undefined) headers["content-type"] = "application/json";
  return await c.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
