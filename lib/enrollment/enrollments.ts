/**
 * Effective enrollments in the database: created from accepted application items (one or in
 * bulk, idempotent on the item), linked to the registry (the child and the payer matched by
 * canonical codice fiscale, or created and added to the household), dated by the service
 * calendar, priced by `enrollments_facts.ts`; then withdrawn, moved, re-priced or overridden.
 * Every function runs in the caller's transaction under RLS: staff write, families and teachers
 * read what their policies allow.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { EnrollmentsError } from "./enrollments_errors.ts";
import { priceEnrollment, type PricingInput } from "./enrollments_facts.ts";
import { checkOverride, type TariffAssignment } from "./tariff_assignment.ts";

export {
  type EnrollmentFilter,
  type EnrollmentRow,
  getEnrollment,
  listEnrollments,
} from "./enrollments_read.ts";

interface ItemFacts {
  id: string;
  tenant_id: string;
  application_id: string;
  service_id: string;
  service_title: string;
  school_year_id: string;
  child_id: string | null;
  child: Record<string, unknown>;
  child_tax_code: string | null;
  site_id: string | null;
  class_id: string | null;
  school_level: string | null;
  grade: number | null;
  mode: string | null;
  diet_id: string | null;
  route_id: string | null;
  stop_id: string | null;
  outcome: string;
  status: string;
  household_id: string | null;
  applicant_id: string | null;
  applicant: Record<string, unknown>;
}

const str = (v: unknown) => typeof v === "string" && v.trim() ? v.trim() : null;

/** A live registry record by canonical codice fiscale (following merges). */
async function personByTaxCode(tx: Tx, cf: string | null): Promise<string | null> {
  if (!cf) return null;
  const [p] = await tx.query<{ id: string }>(
    `select id from public.people
      where tenant_id = app.tenant_id() and tax_code_key = app.cf_canonical($1)
        and merged_into is null limit 1`,
    [cf],
  );
  return p?.id ?? null;
}

async function live(tx: Tx, id: string): Promise<string> {
  const [p] = await tx.query<{ id: string }>(
    `with recursive chain as (
       select id, merged_into, 0 as depth from public.people
        where tenant_id = app.tenant_id() and id = $1
       union all
       select p.id, p.merged_into, c.depth + 1 from public.people p
         join chain c on p.id = c.merged_into
        where p.tenant_id = app.tenant_id() and c.depth < 10)
     select id from chain where merged_into is null limit 1`,
    [id],
  );
  return p?.id ?? id;
}

/** Adds `person` to `household` with `role` unless they already belong to a household. */
async function joinHousehold(tx: Tx, household: string | null, person: string, role: string) {
  if (!household) return;
  if (role === "parent") {
    const [{ n }] = await tx.query<{ n: number }>(
      `select count(*)::int as n from public.household_members
        where tenant_id = app.tenant_id() and household_id = $1 and role = 'parent'`,
      [household],
    );
    if (n >= 2) return;
  }
  await tx.query(
    `insert into public.household_members (tenant_id, household_id, person_id, role)
     values (app.tenant_id(), $1, $2, $3) on conflict (tenant_id, person_id) do nothing`,
    [household, person, role],
  );
}

/** The child's registry record: the one linked, else matched by codice fiscale, else created. */
async function linkChild(tx: Tx, it: ItemFacts): Promise<string> {
  let id = it.child_id ? await live(tx, it.child_id) : await personByTaxCode(tx, it.child_tax_code);
  if (!id) {
    const c = it.child;
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.people (tenant_id, tax_code, surname, name, sex, birth_date,
         birth_place_name, citizenship, resident, kinds)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, '{beneficiary}') returning id`,
      [
        it.child_tax_code,
        str(c.surname) ?? "—",
        str(c.name) ?? "—",
        c.sex === "M" || c.sex === "F" ? c.sex : null,
        str(c.birth_date),
        str(c.birth_place),
        typeof c.citizenship === "string" && /^[A-Z]{2}$/.test(c.citizenship)
          ? c.citizenship
          : null,
        c.resident !== false,
      ],
    );
  } else {
    await tx.query(
      `update public.people set kinds = array_append(kinds, 'beneficiary')
        where tenant_id = app.tenant_id() and id = $1 and not ('beneficiary' = any (kinds))`,
      [id],
    );
  }
  await joinHousehold(tx, it.household_id, id, "minor");
  return id;
}

/** The payer: the applicant's registry record, matched or created the same way. */
async function linkPayer(tx: Tx, it: ItemFacts): Promise<string> {
  const a = it.applicant;
  const cf = str(a.tax_code);
  let id = it.applicant_id ? await live(tx, it.applicant_id) : await personByTaxCode(tx, cf);
  if (!id) {
    if (!cf || !str(a.surname) || !str(a.name)) {
      throw new EnrollmentsError(
        "invalid",
        "Il richiedente della domanda non ha cognome, nome e codice fiscale: completali prima di iscrivere.",
        "The application's applicant lacks surname, name or codice fiscale: complete them first.",
      );
    }
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.people (tenant_id, tax_code, surname, name, email, mobile, resident,
         residence_address, kinds)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, '{applicant}') returning id`,
      [
        cf,
        str(a.surname),
        str(a.name),
        str(a.email),
        str(a.mobile),
        a.resident !== false,
        str(a.address),
      ],
    );
    await joinHousehold(tx, it.household_id, id, "parent");
  } else {
    await tx.query(
      `update public.people set kinds = array_append(kinds, 'applicant')
        where tenant_id = app.tenant_id() and id = $1 and not ('applicant' = any (kinds))`,
      [id],
    );
  }
  return id;
}

/** First and last day of the service in the school year (its calendar's periods), else the year's. */
export async function serviceDates(tx: Tx, serviceId: string, yearId: string) {
  const [d] = await tx.query<{ starts_on: string; ends_on: string }>(
    `select coalesce(greatest(min(r.starts_on), y.starts_on), y.starts_on)::text as starts_on,
            coalesce(least(max(r.ends_on), y.ends_on), y.ends_on)::text as ends_on
       from public.school_years y
       left join public.service_calendar_ranges r
         on r.tenant_id = y.tenant_id and r.service_id = $1 and r.kind = 'period'
        and r.starts_on <= y.ends_on and r.ends_on >= y.starts_on
      where y.tenant_id = app.tenant_id() and y.id = $2
      group by y.starts_on, y.ends_on`,
    [serviceId, yearId],
  );
  return d ?? null;
}

export interface EnrollOptions {
  userId: string | null;
  starts_on?: string;
  ends_on?: string;
}

export interface EnrollResult {
  id: string;
  created: boolean;
}

/** The database refused an enrollment: an overlap becomes a message a person reads. */
function refusal(e: unknown, it?: { service_title: string; child: Record<string, unknown> }) {
  const err = e as { code?: string; message?: string };
  if (err?.code === "23P01") {
    const who = it ? `${str(it.child.name) ?? ""} ${str(it.child.surname) ?? ""}`.trim() : "";
    return new EnrollmentsError(
      "overlap",
      `${who || "Il bambino"} è già iscritto a «${
        it?.service_title ?? "questo servizio"
      }» in date che si sovrappongono: ritira prima l'altra iscrizione o cambia le date.`,
      `${who || "The child"} is already enrolled in “${
        it?.service_title ?? "this service"
      }” on overlapping dates: withdraw the other enrollment or change the dates.`,
    );
  }
  if (err?.code === "23514" && /ends_on|starts_on|withdrawn_on/.test(err.message ?? "")) {
    return new EnrollmentsError(
      "invalid",
      "Le date non sono coerenti: la fine non può precedere l'inizio e il ritiro deve cadere tra le due.",
      "The dates are inconsistent: the end cannot precede the start and a withdrawal must fall between them.",
    );
  }
  return e;
}

/**
 * Turns one accepted application item into an enrollment; returns the existing one when the item
 * was enrolled before (idempotent). Refuses items not accepted or of a withdrawn application.
 */
export async function enrollItem(tx: Tx, itemId: string, opts: EnrollOptions) {
  const [it] = await tx.query<ItemFacts>(
    `select i.id, i.tenant_id, i.application_id, i.service_id, s.title as service_title,
            i.school_year_id, i.child_id, i.child, i.child_tax_code, i.site_id, i.class_id,
            i.school_level, i.grade, i.mode, i.diet_id, i.route_id, i.stop_id, i.outcome,
            a.status, a.household_id, a.applicant_id, a.applicant
       from public.application_items i
       join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
       join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
      where i.tenant_id = app.tenant_id() and i.id = $1
      for update of i`,
    [itemId],
  );
  if (!it) {
    throw new EnrollmentsError("not_found", "Domanda non trovata.", "Application item not found.");
  }
  const [done] = await tx.query<{ id: string }>(
    "select id from public.enrollments where tenant_id = app.tenant_id() and application_item_id = $1",
    [itemId],
  );
  if (done) return { id: done.id, created: false };
  if (it.outcome !== "accepted" || it.status !== "submitted") {
    throw new EnrollmentsError(
      "not_accepted",
      "Si iscrivono solo i bambini di domande inviate e accolte.",
      "Only children of submitted, accepted applications can be enrolled.",
    );
  }
  const beneficiary = await linkChild(tx, it);
  const payer = await linkPayer(tx, it);
  await tx.query(
    `update public.application_items set child_id = $2, updated_at = now()
      where tenant_id = app.tenant_id() and id = $1 and child_id is distinct from $2`,
    [it.id, beneficiary],
  );
  await tx.query(
    `update public.applications set applicant_id = $2, updated_at = now()
      where tenant_id = app.tenant_id() and id = $1 and applicant_id is distinct from $2`,
    [it.application_id, payer],
  );
  const dates = await serviceDates(tx, it.service_id, it.school_year_id);
  const site = it.site_id ?? (it.class_id
    ? (await tx.query<{ site_id: string }>(
      "select site_id from public.classes where tenant_id = app.tenant_id() and id = $1",
      [it.class_id],
    ))[0]?.site_id ?? null
    : null);
  const e: PricingInput = {
    id: null,
    service_id: it.service_id,
    school_year_id: it.school_year_id,
    beneficiary_id: beneficiary,
    payer_id: payer,
    household_id: it.household_id,
    class_id: it.class_id,
    mode: it.mode,
    starts_on: opts.starts_on ?? dates!.starts_on,
    ends_on: opts.ends_on ?? dates!.ends_on,
    disability: it.child.disability === true,
    social_services_exemption: false,
    school_level: it.school_level,
    grade: it.grade,
  };
  const assignment = await priceEnrollment(tx, e);
  let row: { id: string };
  try {
    // A refused insert (overlap) leaves the caller's transaction usable, with nothing written.
    [row] = await tx.savepoint((sp) =>
      sp.query<{ id: string }>(
        `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, application_item_id, site_id, class_id, diet_id, route_id,
         stop_id, mode, starts_on, ends_on, tariff_id, tariff_assignment, disability, created_by)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
         $16, $17, $18) returning id`,
        [
          e.service_id,
          e.school_year_id,
          beneficiary,
          payer,
          it.household_id,
          it.id,
          site,
          it.class_id,
          it.diet_id,
          it.route_id,
          it.stop_id,
          it.mode,
          e.starts_on,
          e.ends_on,
          assignment?.tariff_id ?? null,
          assignment,
          e.disability,
          opts.userId,
        ],
      )
    );
  } catch (err) {
    throw refusal(err, it);
  }
  await repriceSiblings(tx, row.id);
  return { id: row.id, created: true };
}

export interface BulkLine {
  item_id: string;
  child: string;
  service: string;
  result: "created" | "existing" | "refused";
  enrollment_id: string | null;
  message: { it: string; en: string } | null;
}

/** Accepted items of submitted applications not yet enrolled (optionally of a service, year). */
export async function pendingItems(
  tx: Tx,
  f: { serviceId?: string | null; yearId?: string | null } = {},
) {
  return await tx.query<{
    id: string;
    child: string;
    service_title: string;
    protocol_number: string;
    school_year_label: string;
  }>(
    `select i.id, concat_ws(' ', i.child ->> 'surname', i.child ->> 'name') as child,
            s.title as service_title, a.protocol_number, y.label as school_year_label
       from public.application_items i
       join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
       join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
       join public.school_years y on y.tenant_id = i.tenant_id and y.id = i.school_year_id
      where i.tenant_id = app.tenant_id() and i.outcome = 'accepted' and a.status = 'submitted'
        and ($1::uuid is null or i.service_id = $1) and ($2::uuid is null or i.school_year_id = $2)
        and not exists (select 1 from public.enrollments e
                         where e.tenant_id = i.tenant_id and e.application_item_id = i.id)
      order by s.title, a.submitted_at, i.id`,
    [f.serviceId ?? null, f.yearId ?? null],
  );
}

/**
 * Enrolls several items in one transaction, each in its own savepoint: a refused item (overlap,
 * missing data) is reported with its reason and the others go on. Running it twice creates
 * nothing new.
 */
export async function enrollItems(
  tx: Tx,
  itemIds: string[],
  opts: EnrollOptions,
): Promise<BulkLine[]> {
  const out: BulkLine[] = [];
  for (const itemId of itemIds) {
    const [it] = await tx.query<{ child: string; service: string }>(
      `select concat_ws(' ', i.child ->> 'surname', i.child ->> 'name') as child,
              s.title as service from public.application_items i
         join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
        where i.tenant_id = app.tenant_id() and i.id = $1`,
      [itemId],
    );
    const base = { item_id: itemId, child: it?.child ?? "—", service: it?.service ?? "—" };
    try {
      const r = await tx.savepoint((sp) => enrollItem(sp, itemId, opts));
      out.push({
        ...base,
        result: r.created ? "created" : "existing",
        enrollment_id: r.id,
        message: null,
      });
    } catch (e) {
      if (!(e instanceof EnrollmentsError)) throw e;
      out.push({ ...base, result: "refused", enrollment_id: null, message: e });
    }
  }
  return out;
}

async function pricingOf(tx: Tx, id: string): Promise<PricingInput | null> {
  const [e] = await tx.query<PricingInput>(
    `select e.id, e.service_id, e.school_year_id, e.beneficiary_id, e.payer_id, e.household_id,
            e.class_id, e.mode, e.starts_on, e.ends_on, e.withdrawn_on, e.disability,
            e.social_services_exemption, i.school_level, i.grade
       from public.enrollments e
       left join public.application_items i
         on i.tenant_id = e.tenant_id and i.id = e.application_item_id
      where e.tenant_id = app.tenant_id() and e.id = $1`,
    [id],
  );
  return e ?? null;
}

/** Prices the enrollment again (a new ISEE, a change of class or household); null if not visible. */
export async function reassignTariff(tx: Tx, id: string): Promise<TariffAssignment | null> {
  const e = await pricingOf(tx, id);
  if (!e) return null;
  const a = await priceEnrollment(tx, e);
  if (!a) {
    throw new EnrollmentsError(
      "no_tariff",
      "Il servizio non ha una tariffa pubblicata in vigore: pubblicala e riprova.",
      "The service has no published tariff in force: publish one and try again.",
    );
  }
  await tx.query(
    `update public.enrollments set tariff_id = $2, tariff_assignment = $3, updated_at = now()
      where tenant_id = app.tenant_id() and id = $1`,
    [id, a.tariff_id, a],
  );
  return a;
}

/**
 * Re-prices the other active enrollments of the household in the same service and year whose
 * sibling rank changed (a younger child enrolled first, an elder one withdrawn).
 */
export async function repriceSiblings(tx: Tx, id: string): Promise<void> {
  const rows = await tx.query<{ id: string; rank: number | null }>(
    `select x.id, (x.tariff_assignment -> 'situation' ->> 'siblingRank')::int as rank
       from public.enrollments e
       join public.enrollments x on x.tenant_id = e.tenant_id and x.service_id = e.service_id
        and x.school_year_id = e.school_year_id and x.household_id = e.household_id
      where e.tenant_id = app.tenant_id() and e.id = $1 and x.withdrawn_on is null`,
    [id],
  );
  for (const r of rows) {
    const e = await pricingOf(tx, r.id);
    if (!e) continue;
    const a = await priceEnrollment(tx, e);
    if (a && a.situation.siblingRank !== r.rank) {
      await tx.query(
        `update public.enrollments set tariff_id = $2, tariff_assignment = $3, updated_at = now()
          where tenant_id = app.tenant_id() and id = $1`,
        [r.id, a.tariff_id, a],
      );
    }
  }
}

/** Withdraws an enrollment from `on` with a reason; false when not visible. */
export async function withdrawEnrollment(
  tx: Tx,
  id: string,
  on: string,
  reason: string,
): Promise<boolean> {
  const r = reason.trim();
  if (r.length < 3 || r.length > 1000 || !/^\d{4}-\d{2}-\d{2}$/.test(on)) {
    throw new EnrollmentsError(
      "invalid",
      "Indica la data del ritiro e il motivo (da 3 a 1000 caratteri).",
      "Give the withdrawal date and the reason (3 to 1000 characters).",
    );
  }
  const [e] = await tx.query<{ starts_on: string; ends_on: string; withdrawn_on: string | null }>(
    `select starts_on, ends_on, withdrawn_on from public.enrollments
      where tenant_id = app.tenant_id() and id = $1 for update`,
    [id],
  );
  if (!e) return false;
  if (e.withdrawn_on) {
    throw new EnrollmentsError(
      "already_withdrawn",
      `L'iscrizione è già stata ritirata dal ${e.withdrawn_on.split("-").reverse().join("/")}.`,
      `The enrollment was already withdrawn from ${e.withdrawn_on}.`,
    );
  }
  if (on < e.starts_on || on > e.ends_on) {
    const d = (s: string) => s.split("-").reverse().join("/");
    throw new EnrollmentsError(
      "invalid",
      `La data del ritiro deve cadere tra l'inizio (${d(e.starts_on)}) e la fine (${
        d(e.ends_on)
      }) dell'iscrizione.`,
      `The withdrawal date must fall between the start (${e.starts_on}) and the end (${e.ends_on}).`,
    );
  }
  await tx.query(
    `update public.enrollments set withdrawn_on = $2, withdrawal_reason = $3, updated_at = now()
      where tenant_id = app.tenant_id() and id = $1`,
    [id, on, r],
  );
  await repriceSiblings(tx, id);
  return true;
}

export interface Placement {
  site_id: string | null;
  class_id: string | null;
  route_id: string | null;
  stop_id: string | null;
  diet_id: string | null;
}

/** Moves the child to another site, class, stop or diet; re-prices (the level may change). */
export async function changePlacement(tx: Tx, id: string, p: Placement): Promise<boolean> {
  try {
    const rows = await tx.savepoint((sp) =>
      sp.query(
        `update public.enrollments set site_id = $2, class_id = $3, route_id = $4, stop_id = $5,
                diet_id = $6, updated_at = now()
          where tenant_id = app.tenant_id() and id = $1 returning id`,
        [id, p.site_id, p.class_id, p.route_id, p.stop_id, p.diet_id],
      )
    );
    if (!rows.length) return false;
  } catch (e) {
    if ((e as { code?: string }).code === "23503") {
      throw new EnrollmentsError(
        "invalid",
        "Il plesso, la classe, la fermata o la dieta scelti non esistono in questo Ente.",
        "The chosen site, class, stop or diet does not exist in this Ente.",
      );
    }
    throw e;
  }
  await reassignTariff(tx, id).catch((e) => {
    if (!(e instanceof EnrollmentsError && e.code === "no_tariff")) throw e;
  });
  return true;
}

/**
 * Sets (or, with `cents` null and an empty reason, clears) a manual amount. The row trigger
 * audits the change; the reason is also recorded as an audit event of its own.
 */
export async function overrideTariff(
  tx: Tx,
  id: string,
  cents: number | null,
  reason: string,
  userId: string | null,
): Promise<boolean> {
  const clearing = cents === null && reason.trim() === "";
  if (!clearing) {
    const problems = checkOverride(cents, reason);
    if (problems.length) {
      throw new EnrollmentsError(
        "invalid",
        problems.map((p) => p.it).join(" "),
        problems.map((p) => p.en).join(" "),
        problems.map((p) => ({ path: p.field, it: p.it, en: p.en })),
      );
    }
  }
  const rows = await tx.query<{ tenant_id: string; before: number | null }>(
    `update public.enrollments e set override_cents = $2, override_reason = $3,
            override_by = $4, override_at = case when $2::bigint is null then null else now() end,
            updated_at = now()
      from (select id, override_cents as before from public.enrollments
             where tenant_id = app.tenant_id() and id = $1 for update) old
      where e.tenant_id = app.tenant_id() and e.id = old.id
      returning e.tenant_id, old.before`,
    [id, clearing ? null : cents, clearing ? null : reason.trim(), clearing ? null : userId],
  );
  if (!rows.length) return false;
  await tx.query("select app.audit_event($1, $2, 'enrollments', $3, $4)", [
    rows[0].tenant_id,
    clearing ? "tariff_override_cleared" : "tariff_override",
    id,
    { before_cents: rows[0].before, after_cents: clearing ? null : cents, reason: reason.trim() },
  ]);
  return true;
}

/** Re-prices after a change of facts; a service without a tariff in force keeps it unpriced. */
export async function repriceQuietly(tx: Tx, id: string): Promise<void> {
  await reassignTariff(tx, id).catch((e) => {
    if (!(e instanceof EnrollmentsError && e.code === "no_tariff")) throw e;
  });
}
