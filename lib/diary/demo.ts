/**
 * The demo Comune's diary: the canteen (MENSA), whose children sit in Laura Ferrari's class 2A of
 * the Pascoli primary school, keeps a diary and sends communications, and the class diary already
 * holds a few of her notes of the last days (to the class and to one child), so the demo teacher
 * finds a living diary and can write to it at once.
 *
 * Rows are written directly (no live event, no push, no mail): they are history, not news.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";
const SITE = "Scuola primaria Giovanni Pascoli";
const CLASS = "2A";

/** [days ago, Rome time, child (name surname) or null for the whole class, text] */
export const DEMO_DIARY_POSTS: [number, string, string | null, string][] = [
  [
    4,
    "13:20",
    null,
    "Oggi a mensa abbiamo assaggiato la vellutata di zucca dell'orto della scuola: quasi tutti hanno chiesto il bis! In classe abbiamo poi disegnato le verdure d'autunno.",
  ],
  [
    3,
    "14:05",
    "Omar El Amrani",
    "Omar oggi ha mangiato tutto il primo e ha aiutato i compagni ad apparecchiare. Bravissimo!",
  ],
  [
    2,
    "12:55",
    null,
    "Promemoria: da lunedì prossimo ogni bambino porti una tovaglietta di stoffa con il proprio nome, la useremo a merenda e a mensa.",
  ],
  [
    1,
    "13:40",
    "Beatrice D'Angelo",
    "Beatrice oggi a pranzo era un po' stanca e ha mangiato poco; nel pomeriggio ha giocato tranquilla con le compagne.",
  ],
];

/**
 * Switches the diary and communications on for the canteen and writes the demo posts (inside
 * `seedDemo`'s transaction, as service_role, after the enrollments). Posts need the children's
 * enrollments still running: when the demo starts after the school year, none is written.
 */
export async function seedDemoDiary(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `update public.services set diary_enabled = true, notices_enabled = true
      where tenant_id = $1 and code = 'MENSA'`,
    [tenantId],
  );
  for (const [daysAgo, time, child, body] of DEMO_DIARY_POSTS) {
    await tx.query(
      `with cls as (
         select c.id from public.classes c
           join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
           join public.school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
          where c.tenant_id = $1 and s.name = $2 and c.name = $3 and y.label = '2026/27'),
       live as (
         select e.id, e.class_id, p.name || ' ' || p.surname as child
           from public.enrollments e
           join cls on cls.id = e.class_id
           join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
           join public.services sv on sv.tenant_id = e.tenant_id and sv.id = e.service_id
          where e.tenant_id = $1 and sv.diary_enabled
            and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date)
       insert into public.diary_posts (tenant_id, class_id, enrollment_id, author_id, author_name,
         body, created_at)
       select $1, case when $6::text is null then cls.id end,
              (select l.id from live l where l.child = $6::text limit 1),
              u.id, u.full_name, $7,
              (((now() at time zone 'Europe/Rome')::date - $4::int) + $5::time)
                at time zone 'Europe/Rome'
         from cls, public.users u
        where u.email = $8 and exists (select 1 from live)
          and ($6::text is null or exists (select 1 from live l where l.child = $6::text))`,
      [tenantId, SITE, CLASS, daysAgo, time, child, body, TEACHER],
    );
  }
}
