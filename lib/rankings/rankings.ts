/**
 * Rankings in the database: rules per service and year, computing a provisional ranking from the
 * submitted applications, places, finalizing and publishing. Every function runs in the caller's
 * transaction under RLS (staff); scoring itself is `score.ts`.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { checkRules, type RankingRules } from "./criteria.ts";
import { notFound, RankingError } from "./errors.ts";
import { admit, type Candidate, rank, type ScoreLine } from "./score.ts";

export type RankingStatus = "provisional" | "final" | "published";
export type EntryState =
  | "admitted"
  | "waiting"
  | "offered"
  | "accepted"
  | "declined"
  | "expired"
  | "withdrawn";

export interface Ranking {
  id: string;
  service_id: string;
  service_title: string;
  school_year_id: string;
  school_year_label: string;
  places: number;
  status: RankingStatus;
  rules: RankingRules;
  reference_date: string;
  offer_days: number;
  computed_at: string;
  finalized_at: string | null;
  published_at: string | null;
  entry_count: number;
}

export interface Entry {
  id: string;
  application_id: string;
  application_item_id: string;
  protocol_number: string;
  child_name: string;
  score: number;
  breakdown: ScoreLine[];
  group: "all" | "resident" | "non_resident";
  position: number;
  state: EntryState;
  offer_sent_at: string | null;
  offer_deadline: string | null;
  responded_at: string | null;
}

/** A service and school year that can have a ranking, with what exists already. */
export interface RankableService {
  service_id: string;
  service_title: string;
  service_kind: string;
  school_year_id: string;
  school_year_label: string;
  has_rules: boolean;
  ranking_id: string | null;
  ranking_status: RankingStatus | null;
  applications: number;
  default_places: number | null;
}

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

/** The rules of a service for a year, or null when none were configured. */
export async function getRules(
  tx: Tx,
  serviceId: string,
  yearId: string,
): Promise<RankingRules | null> {
  const [r] = await tx.query<{ rules: unknown }>(
    `select rules from public.ranking_criteria
      where tenant_id = app.tenant_id() and service_id = $1 and school_year_id = $2`,
    [serviceId, yearId],
  );
  if (!r) return null;
  const c = checkRules(r.rules);
  return c.ok ? c.value : null;
}

/** Validates and stores the rules (insert or replace). Throws `invalid` listing every problem. */
export async function saveRules(
  tx: Tx,
  serviceId: string,
  yearId: string,
  input: unknown,
  userId: string | null,
): Promise<RankingRules> {
  const c = checkRules(input);
  if (!c.ok) {
    throw new RankingError(
      "invalid",
      "I criteri contengono errori: correggili e salva di nuovo.",
      "The criteria have errors: correct them and save again.",
      c.problems,
    );
  }
  const [ok] = await tx.query<{ ok: boolean }>(
    `select true as ok from public.service_school_years
      where tenant_id = app.tenant_id() and service_id = $1 and school_year_id = $2`,
    [serviceId, yearId],
  );
  if (!ok) {
    throw new RankingError(
      "not_found",
      "Il servizio non è attivo in quell'anno scolastico.",
      "The service does not run in that school year.",
    );
  }
  await tx.query(
    `insert into public.ranking_criteria (tenant_id, service_id, school_year_id, rules, updated_by)
     values (app.tenant_id(), $1, $2, $3, $4)
     on conflict (tenant_id, service_id, school_year_id)
     do update set rules = excluded.rules, updated_by = excluded.updated_by, updated_at = now()`,
    [serviceId, yearId, c.value, userId],
  );
  return c.value;
}

/** Services with limited places (nurseries, or any with a capacity) by school year. */
export async function rankableServices(tx: Tx): Promise<RankableService[]> {
  return await tx.query<RankableService>(
    `select s.id as service_id, s.title as service_title, s.kind as service_kind,
            y.id as school_year_id, y.label as school_year_label,
            exists (select 1 from public.ranking_criteria c where c.tenant_id = s.tenant_id
                     and c.service_id = s.id and c.school_year_id = y.id) as has_rules,
            r.id as ranking_id, r.status as ranking_status,
            (select count(*)::int from public.application_items i
               join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
              where i.tenant_id = s.tenant_id and i.service_id = s.id and i.school_year_id = y.id
                and a.status = 'submitted' and i.outcome <> 'rejected') as applications,
            app_default_places.n as default_places
       from public.services s
       join public.service_school_years sy on sy.tenant_id = s.tenant_id and sy.service_id = s.id
       join public.school_years y on y.tenant_id = sy.tenant_id and y.id = sy.school_year_id
       left join public.rankings r on r.tenant_id = s.tenant_id and r.service_id = s.id
            and r.school_year_id = y.id
       cross join lateral (${PLACES_SQL}) app_default_places
      where s.tenant_id = app.tenant_id() and s.status <> 'archived'
        and (s.kind = 'nursery' or app_default_places.n is not null
             or exists (select 1 from public.ranking_criteria c where c.tenant_id = s.tenant_id
                         and c.service_id = s.id))
      order by y.starts_on desc, s.title`,
  );
}

// Places of a service in a year: the classes of that year at its sites, else the sites' capacity.
const PLACES_SQL = `select coalesce(
    (select sum(c.capacity)::int from public.classes c
       join public.site_services ss on ss.tenant_id = c.tenant_id and ss.site_id = c.site_id
      where ss.tenant_id = s.tenant_id and ss.service_id = s.id and c.school_year_id = y.id),
    (select sum(st.capacity)::int from public.sites st
       join public.site_services ss on ss.tenant_id = st.tenant_id and ss.site_id = st.id
      where ss.tenant_id = s.tenant_id and ss.service_id = s.id)) as n`;

/** The facts of every submitted, not rejected item of the service and year. */
export async function loadCandidates(
  tx: Tx,
  serviceId: string,
  yearId: string,
): Promise<Candidate[]> {
  const rows = await tx.query<Candidate & { submitted_at: unknown }>(
    `select i.id as item_id, a.protocol_number, a.submitted_at, a.receipt_seq,
            i.child ->> 'birth_date' as birth_date,
            coalesce((i.child ->> 'resident')::boolean, (a.applicant ->> 'resident')::boolean,
                     true) as resident,
            coalesce((i.child ->> 'disability')::boolean, false) as disability,
            coalesce((select count(*) from public.household_members m
                       where m.tenant_id = a.tenant_id and m.household_id = a.household_id
                         and m.role in ('parent', 'legal_guardian')) = 1, false) as single_parent,
            (select count(distinct e.beneficiary_id)::int from public.enrollments e
              where e.tenant_id = i.tenant_id and e.service_id = i.service_id
                and e.household_id = a.household_id and e.withdrawn_on is null
                and e.beneficiary_id is distinct from i.child_id
                and e.ends_on >= y.starts_on) as siblings_enrolled,
            (select v.value_cents from public.isee_attestations v
              where v.tenant_id = a.tenant_id and v.person_id in (a.applicant_id, i.child_id)
                and v.status in ('valid', 'to_verify') and v.value_cents is not null
                and (v.valid_until is null or v.valid_until >= (a.submitted_at at time zone 'Europe/Rome')::date)
              order by (v.kind = 'minorenni') desc, v.retrieved_at desc limit 1) as isee_cents,
            i.answers
       from public.application_items i
       join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
       join public.school_years y on y.tenant_id = i.tenant_id and y.id = i.school_year_id
      where i.tenant_id = app.tenant_id() and i.service_id = $1 and i.school_year_id = $2
        and a.status = 'submitted' and i.outcome <> 'rejected'`,
    [serviceId, yearId],
  );
  return rows.map((r) => ({ ...r, submitted_at: iso(r.submitted_at)! }));
}

/** Computes (or recomputes, while provisional) the ranking of a service and year. */
export async function computeRanking(
  tx: Tx,
  input: { serviceId: string; yearId: string; places?: number | null; userId: string | null },
): Promise<string> {
  const rules = await getRules(tx, input.serviceId, input.yearId);
  if (!rules) {
    throw new RankingError(
      "no_rules",
      "Prima di calcolare la graduatoria configura i criteri del servizio per l'anno scolastico.",
      "Configure the service's criteria for the school year before computing the ranking.",
    );
  }
  const [info] = await tx.query<{ starts_on: string; places: number | null }>(
    `select y.starts_on, p.n as places from public.school_years y
       join public.services s on s.tenant_id = y.tenant_id and s.id = $1
      cross join lateral (${PLACES_SQL}) p
      where y.tenant_id = app.tenant_id() and y.id = $2`,
    [input.serviceId, input.yearId],
  );
  if (!info) throw notFound();
  const places = input.places ?? info.places;
  if (places === null || places === undefined) {
    throw new RankingError(
      "no_places",
      "Indica il numero di posti disponibili: il servizio non ha plessi o classi con capienza.",
      "Give the number of places: the service has no sites or classes with a capacity.",
    );
  }
  const [existing] = await tx.query<{ id: string; status: RankingStatus }>(
    `select id, status from public.rankings
      where tenant_id = app.tenant_id() and service_id = $1 and school_year_id = $2 for update`,
    [input.serviceId, input.yearId],
  );
  if (existing && existing.status !== "provisional") {
    throw new RankingError(
      "locked",
      "La graduatoria è già definitiva: non si può ricalcolare.",
      "The ranking is already final: it cannot be recomputed.",
    );
  }
  const entries = rank(rules, await loadCandidates(tx, input.serviceId, input.yearId), {
    places,
    referenceDate: info.starts_on,
  });
  let id = existing?.id;
  if (id) {
    await tx.query(
      `update public.rankings set places = $2, rules = $3, reference_date = $4, offer_days = $5,
              computed_at = now(), computed_by = $6, updated_at = now()
        where tenant_id = app.tenant_id() and id = $1`,
      [id, places, rules, info.starts_on, rules.offer_days, input.userId],
    );
    await tx.query(
      "delete from public.ranking_entries where tenant_id = app.tenant_id() and ranking_id = $1",
      [id],
    );
  } else {
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.rankings (tenant_id, service_id, school_year_id, places, rules,
         reference_date, offer_days, computed_by)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        input.serviceId,
        input.yearId,
        places,
        rules,
        info.starts_on,
        rules.offer_days,
        input.userId,
      ],
    );
  }
  await tx.query(
    `insert into public.ranking_entries (tenant_id, ranking_id, application_id,
       application_item_id, protocol_number, score, breakdown, grp, position, state)
     select i.tenant_id, $1, i.application_id, i.id, x.protocol_number, x.score, x.breakdown,
            x."group", x.position, x.state
       from jsonb_to_recordset($2::jsonb -> 'rows') as x(item_id uuid, protocol_number text,
              score int, breakdown jsonb, "group" text, position int, state text)
       join public.application_items i on i.tenant_id = app.tenant_id() and i.id = x.item_id`,
    [id, { rows: entries }],
  );
  return id!;
}

const RANKING_SQL = `select r.id, r.service_id, s.title as service_title, r.school_year_id,
    y.label as school_year_label, r.places, r.status, r.rules, r.reference_date, r.offer_days,
    r.computed_at, r.finalized_at, r.published_at,
    (select count(*)::int from public.ranking_entries e
      where e.tenant_id = r.tenant_id and e.ranking_id = r.id) as entry_count
   from public.rankings r
   join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id
   join public.school_years y on y.tenant_id = r.tenant_id and y.id = r.school_year_id`;

const rankingOf = (r: Ranking): Ranking => ({
  ...r,
  computed_at: iso(r.computed_at)!,
  finalized_at: iso(r.finalized_at),
  published_at: iso(r.published_at),
});

/** The Ente's rankings, newest first. */
export async function listRankings(tx: Tx): Promise<Ranking[]> {
  const rows = await tx.query<Ranking>(
    `${RANKING_SQL} where r.tenant_id = app.tenant_id() order by y.starts_on desc, s.title`,
  );
  return rows.map(rankingOf);
}

/** One ranking, or null when not visible. */
export async function getRanking(tx: Tx, id: string): Promise<Ranking | null> {
  const [r] = await tx.query<Ranking>(
    `${RANKING_SQL} where r.tenant_id = app.tenant_id() and r.id = $1`,
    [id],
  );
  return r ? rankingOf(r) : null;
}

/**
 * The entries of a ranking in order, with each child's name for the office. The breakdown may
 * reveal a disability (special category): the read is recorded in the audit log.
 */
export async function rankingEntries(tx: Tx, id: string): Promise<Entry[]> {
  const rows = await tx.query<Entry>(
    `select e.id, e.application_id, e.application_item_id, e.protocol_number,
            btrim(coalesce(i.child ->> 'name', '') || ' ' || coalesce(i.child ->> 'surname', ''))
              as child_name,
            e.score, e.breakdown, e.grp as "group", e.position, e.state, e.offer_sent_at,
            e.offer_deadline, e.responded_at
       from public.ranking_entries e
       join public.application_items i on i.tenant_id = e.tenant_id
            and i.id = e.application_item_id
      where e.tenant_id = app.tenant_id() and e.ranking_id = $1
      order by e.position`,
    [id],
  );
  if (rows.length) {
    await tx.query(
      "select app.audit_event(app.tenant_id(), 'view', 'ranking_entries', $1, $2)",
      [id, { entries: rows.length, reason: "ranking review (breakdown may include disability)" }],
    );
  }
  return rows.map((e) => ({
    ...e,
    offer_sent_at: iso(e.offer_sent_at),
    offer_deadline: iso(e.offer_deadline),
    responded_at: iso(e.responded_at),
  }));
}

async function lockRanking(tx: Tx, id: string) {
  const [r] = await tx.query<{ status: RankingStatus; places: number }>(
    "select status, places from public.rankings where tenant_id = app.tenant_id() and id = $1 for update",
    [id],
  );
  if (!r) throw notFound();
  return r;
}

/** Changes the places: before publication admitted/waiting follow; after, free places are offered. */
export async function setPlaces(tx: Tx, id: string, places: number): Promise<void> {
  const r = await lockRanking(tx, id);
  if (r.status === "published") {
    const [{ taken }] = await tx.query<{ taken: number }>(
      `select count(*)::int as taken from public.ranking_entries where tenant_id = app.tenant_id()
          and ranking_id = $1 and state in ('offered', 'accepted')`,
      [id],
    );
    if (places < taken) {
      throw new RankingError(
        "invalid",
        `I posti non possono essere meno di quelli già offerti o accettati (${taken}).`,
        `Places cannot be fewer than those already offered or accepted (${taken}).`,
      );
    }
  }
  await tx.query(
    "update public.rankings set places = $2, updated_at = now() where tenant_id = app.tenant_id() and id = $1",
    [id, places],
  );
  if (r.status === "published") {
    await tx.query("select * from app.ranking_process_offers($1)", [id]);
    return;
  }
  const entries = await tx.query<{ id: string; position: number; state: string }>(
    "select id, position, state from public.ranking_entries where tenant_id = app.tenant_id() and ranking_id = $1",
    [id],
  );
  await tx.query(
    `update public.ranking_entries e set state = x.state, updated_at = now()
       from jsonb_to_recordset($2::jsonb -> 'rows') as x(id uuid, state text)
      where e.tenant_id = app.tenant_id() and e.ranking_id = $1 and e.id = x.id
        and e.state is distinct from x.state`,
    [id, { rows: admit(entries, places).map((e) => ({ id: e.id, state: e.state })) }],
  );
}

/** provisional → final: no more recomputing. */
export async function finalizeRanking(tx: Tx, id: string): Promise<void> {
  const r = await lockRanking(tx, id);
  if (r.status !== "provisional") {
    throw new RankingError(
      "wrong_status",
      "Solo una graduatoria provvisoria può diventare definitiva.",
      "Only a provisional ranking can be made final.",
    );
  }
  await tx.query(
    `update public.rankings set status = 'final', finalized_at = now(), updated_at = now()
      where tenant_id = app.tenant_id() and id = $1`,
    [id],
  );
}

/**
 * final → published: stores the public snapshot (protocol numbers, scores, positions), marks the
 * waiting items as waitlisted and offers the places to the admitted ones.
 */
export async function publishRanking(tx: Tx, id: string, userId: string | null): Promise<void> {
  const r = await lockRanking(tx, id);
  if (r.status !== "final") {
    throw new RankingError(
      "wrong_status",
      "Si pubblica solo una graduatoria definitiva.",
      "Only a final ranking can be published.",
    );
  }
  const [head] = await tx.query<Record<string, unknown>>(
    `select t.name as tenant, s.title as service, y.label as school_year, r.places
       from public.rankings r
       join public.tenants t on t.id = r.tenant_id
       join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id
       join public.school_years y on y.tenant_id = r.tenant_id and y.id = r.school_year_id
      where r.tenant_id = app.tenant_id() and r.id = $1`,
    [id],
  );
  const entries = await tx.query<Record<string, unknown>>(
    `select position, protocol_number, score, grp as "group", state = 'admitted' as admitted
       from public.ranking_entries where tenant_id = app.tenant_id() and ranking_id = $1
      order by position`,
    [id],
  );
  const now = new Date().toISOString();
  await tx.query(
    `update public.rankings set status = 'published', published_at = $2, public_snapshot = $3,
            updated_at = now()
      where tenant_id = app.tenant_id() and id = $1`,
    [id, now, { ...head, published_at: now, entries }],
  );
  await tx.query(
    `update public.application_items i
        set outcome = 'waitlisted', reviewed_by = $2, reviewed_at = now(), updated_at = now()
       from public.ranking_entries e
      where e.tenant_id = app.tenant_id() and e.ranking_id = $1 and e.state = 'waiting'
        and i.tenant_id = e.tenant_id and i.id = e.application_item_id and i.outcome = 'pending'`,
    [id, userId],
  );
  await tx.query("select * from app.ranking_process_offers($1)", [id]);
}
