/**
 * The fast paths of the registry filters by service, site and class
 * (`20261128200200_registry_filters_fast.sql`): pages start from the enrollments and are sorted,
 * the total of an enrollment-only filter is counted from the index less merged records, other
 * filters beside it count person by person. Every page, both ways, and every total must equal
 * what a plain query over the same rows says.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";

interface Setup {
  service: string;
  site: string;
  cls: string;
  tenant: string;
}

/**
 * Every person of the demo Comune enrolled in the canteen at one class, then one enrollment
 * withdrawn and one person merged into another (their enrollment stays, as history).
 */
async function enrollEveryone(db: Db): Promise<Setup> {
  return await db.asOwner(async (tx) => {
    const one = async (sql: string, params: unknown[] = []) =>
      (await tx.query<{ id: string }>(sql, params))[0].id;
    const tenant = await one("select id from tenants where name = 'Comune di Valdiponte'");
    await tx.query("delete from enrollments where tenant_id = $1", [tenant]);
    const service = await one(
      "select id from services where tenant_id = $1 and kind = 'canteen' order by created_at limit 1",
      [tenant],
    );
    const cls = await one(
      "select id from classes where tenant_id = $1 order by name, id limit 1",
      [tenant],
    );
    await tx.query(
      `insert into enrollments (tenant_id, service_id, school_year_id, beneficiary_id, payer_id,
                                site_id, class_id, starts_on, ends_on, withdrawn_on,
                                withdrawal_reason)
       select c.tenant_id, $2, c.school_year_id, p.id, p.id, c.site_id, c.id, y.starts_on,
              y.ends_on, case when p.r = 3 then y.starts_on end,
              case when p.r = 3 then 'Trasferimento in altro Comune' end
         from classes c
         join school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
         cross join (select id, row_number() over (order by sort_key, id) as r from people
                      where tenant_id = $3 and merged_into is null) p
        where c.id = $1`,
      [cls, service, tenant],
    );
    await tx.query(
      `update people set merged_into = (select id from people where tenant_id = $1
                                          order by sort_key, id limit 1),
                         merged_at = now()
        where id = (select id from people where tenant_id = $1 order by sort_key, id
                     offset 7 limit 1)`,
      [tenant],
    );
    const site = await one("select site_id as id from classes where id = $1", [cls]);
    return { service, site, cls, tenant };
  });
}

/** The names a plain query finds, in the list's order. */
async function truth(db: Db, s: Setup, residentOnly: boolean): Promise<string[]> {
  return await db.asOwner(async (tx) =>
    (await tx.query<{ n: string }>(
      `select p.surname || ' ' || p.name as n from people p
        where p.tenant_id = $1 and p.merged_into is null and ($3 = false or p.resident)
          and exists (select 1 from enrollments e where e.beneficiary_id = p.id
                         and e.service_id = $2 and e.withdrawn_on is null)
        order by p.sort_key, p.id`,
      [s.tenant, s.service, residentOnly],
    )).map((r) => r.n)
  );
}

interface Page {
  items: { surname: string; name: string }[];
  total: number;
  next_cursor: string | null;
  prev_cursor: string | null;
}

dbTest("registry filters: pages from the enrollments, totals from the index", async (db) => {
  const s = await enrollEveryone(db);
  const { call } = await operatorApi(db);
  const get = async (query: string): Promise<Page> => {
    const res = await call("GET", `/people?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.match(res.type, /^application\/json/);
    return res.json as Page;
  };
  const shown = (p: Page) => p.items.map((i) => `${i.surname} ${i.name}`);

  for (
    const [label, query, residentOnly] of [
      ["service", `service_id=${s.service}`, false],
      ["site", `site_id=${s.site}`, false],
      ["class", `class_id=${s.cls}`, false],
      ["service and class", `service_id=${s.service}&class_id=${s.cls}`, false],
      ["service and residents", `service_id=${s.service}&resident=true`, true],
    ] as [string, string, boolean][]
  ) {
    const expected = await truth(db, s, residentOnly);
    assert.ok(expected.length > 20, `${label}: enough people for several pages`);
    // Forwards, ten at a time.
    const seen: string[] = [];
    const cursors: string[] = [];
    let page = await get(`${query}&limit=10`);
    assert.equal(page.total, expected.length, `${label}: total`);
    for (;;) {
      seen.push(...shown(page));
      if (!page.next_cursor) break;
      cursors.push(page.next_cursor);
      page = await get(`${query}&limit=10&cursor=${page.next_cursor}`);
    }
    assert.deepEqual(seen, expected, `${label}: every page in order`);
    // And back from the last page.
    const back = await get(`${query}&limit=10&before=${page.prev_cursor}`);
    const end = Math.floor((expected.length - 1) / 10) * 10;
    assert.deepEqual(shown(back), expected.slice(end - 10, end), `${label}: a page back`);
  }
  // Withdrawn and merged people are not among them; with merged records asked for, the merged
  // one is (the total counts it too).
  const all = await truth(db, s, false);
  const withMerged = await get(`service_id=${s.service}&include_merged=true&limit=100`);
  assert.equal(withMerged.total, all.length + 1);
  assert.equal(withMerged.items.length, all.length + 1);
});
