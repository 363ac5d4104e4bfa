/**
 * Data access for tariffs and their versions. Every write checks the rules with the engine first
 * (nothing is written when they are invalid) and turns the database's refusals — overlapping
 * versions, rewriting a published version, a duplicate code — into messages an operator reads.
 * Runs inside `db.asUser`, so RLS decides what the caller sees and may change.
 */
import type { Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { type Quote, quote } from "./engine.ts";
import type { Rounding } from "./money.ts";
import type { SituationInput, TariffRules, TariffVersion } from "./schema.ts";
import { type TariffIssue, validateRules, validateVersions } from "./validate.ts";

export type TariffStatus = "draft" | "published" | "archived";

export interface TariffRow {
  id: string;
  tenant_id: string;
  service_id: string;
  service_code: string;
  service_title: string;
  service_kind: string;
  code: string;
  title: string;
  description: string | null;
  status: TariffStatus;
  created_at: Date;
  updated_at: Date;
  versions_count: number;
  /** The start of the version in force today (Europe/Rome), if any. */
  current_from: string | null;
}

export interface VersionRow {
  id: string;
  tariff_id: string;
  valid_from: string;
  valid_to: string | null;
  rules: TariffRules;
  rounding: Rounding;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

export interface TariffDetail extends TariffRow {
  versions: VersionRow[];
}

/** The rules do not validate: nothing was written. */
export class TariffInvalid extends Error {
  constructor(readonly issues: TariffIssue[]) {
    super(issues.map((i) => i.message).join(" "));
  }
}

/** The database refused the change (overlap, published version, duplicate code…). */
export class TariffConflict extends Error {
  constructor(message: string, readonly messageEn: string) {
    super(message);
  }
}

const SELECT = `
  select t.id, t.tenant_id, t.service_id, s.code as service_code, s.title as service_title,
         s.kind as service_kind, t.code, t.title, t.description, t.status, t.created_at,
         t.updated_at,
         (select count(*)::int from public.tariff_versions v
           where v.tenant_id = t.tenant_id and v.tariff_id = t.id) as versions_count,
         (select to_char(v.valid_from, 'YYYY-MM-DD') from public.tariff_versions v
           where v.tenant_id = t.tenant_id and v.tariff_id = t.id
             and v.valid_from <= (now() at time zone 'Europe/Rome')::date
             and (v.valid_to is null or v.valid_to >= (now() at time zone 'Europe/Rome')::date)
         ) as current_from
    from public.tariffs t
    join public.services s on s.tenant_id = t.tenant_id and s.id = t.service_id`;

/** The Ente's tariffs (RLS: drafts only for staff), optionally of one service or status. */
export async function listTariffs(
  tx: Tx,
  filter: { serviceId?: string; status?: TariffStatus } = {},
): Promise<TariffRow[]> {
  return await tx.query<TariffRow>(
    `${SELECT}
      where ($1::uuid is null or t.service_id = $1) and ($2::text is null or t.status = $2)
      order by s.title, t.title`,
    [filter.serviceId ?? null, filter.status ?? null],
  );
}

/** One tariff with all its versions (oldest first), or null when absent or not visible. */
export async function getTariff(tx: Tx, id: string): Promise<TariffDetail | null> {
  const [row] = await tx.query<TariffRow>(`${SELECT} where t.id = $1`, [id]);
  if (!row) return null;
  const versions = await tx.query<VersionRow>(
    `select v.id, v.tariff_id, v.valid_from, v.valid_to, v.rules, v.rounding, v.created_by,
            u.full_name as created_by_name, v.created_at
       from public.tariff_versions v
       left join public.users u on u.id = v.created_by
      where v.tenant_id = $1 and v.tariff_id = $2
      order by v.valid_from`,
    [row.tenant_id, id],
  );
  return { ...row, versions };
}

/** Services a tariff can belong to (for forms). */
export async function tariffServices(tx: Tx) {
  return await tx.query<{ id: string; code: string; title: string; kind: string }>(
    "select id, code, title, kind from public.services order by title",
  );
}

export interface NewVersion {
  validFrom: string;
  validTo?: string | null;
  rounding: Rounding;
  rules: unknown;
}

export interface NewTariff {
  tenantId: string;
  serviceId: string;
  code: string;
  title: string;
  description?: string | null;
  status?: TariffStatus;
  createdBy: string | null;
  version?: NewVersion;
}

const conflict = (e: unknown): never => {
  const err = e as {
    code?: string;
    message?: string;
    constraint_name?: string;
    constraint?: string;
  };
  if (err.code === "55000") throw new TariffConflict(err.message ?? "", err.message ?? "");
  if (err.code === "23P01") {
    throw new TariffConflict(
      "Le date si sovrappongono a un'altra versione della tariffa: ogni giorno deve avere una sola versione in vigore.",
      "The dates overlap another version of the tariff: each day must have one version in force.",
    );
  }
  if (err.code === "23503") {
    throw new TariffInvalid([{
      path: "service_id",
      code: "unknown_service",
      message: "Servizio: il servizio indicato non esiste in questo Ente.",
      messageEn: "Service: no such service in this Ente.",
    }]);
  }
  if (err.code === "23505") {
    throw new TariffConflict(
      "Esiste già una tariffa con questo codice.",
      "A tariff with this code already exists.",
    );
  }
  throw e;
};

function checked(rules: unknown): TariffRules {
  const r = validateRules(rules);
  if (!r.ok) throw new TariffInvalid(r.errors);
  return r.rules;
}

/** Creates a tariff (and its first version); the rules are validated before anything is written. */
export async function createTariff(tx: Tx, input: NewTariff): Promise<string> {
  const rules = input.version ? checked(input.version.rules) : null;
  try {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.tariffs (tenant_id, service_id, code, title, description, created_by)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [
        input.tenantId,
        input.serviceId,
        input.code,
        input.title,
        input.description ?? null,
        input.createdBy,
      ],
    );
    if (input.version && rules) {
      await insertVersion(tx, input.tenantId, row.id, { ...input.version, rules }, input.createdBy);
    }
    // Published last, so the first versions may start in the past (nothing was billed yet).
    if (input.status && input.status !== "draft") {
      await tx.query("update public.tariffs set status = $2 where id = $1", [row.id, input.status]);
    }
    return row.id;
  } catch (e) {
    return conflict(e);
  }
}

export interface TariffPatch {
  serviceId?: string;
  code?: string;
  title?: string;
  description?: string | null;
  status?: TariffStatus;
}

/** Changes a tariff's own fields; null when it is not visible. */
export async function updateTariff(tx: Tx, id: string, p: TariffPatch): Promise<boolean> {
  try {
    const rows = await tx.query(
      `update public.tariffs set
         service_id = coalesce($2, service_id), code = coalesce($3, code),
         title = coalesce($4, title),
         description = case when $5::boolean then $6 else description end,
         status = coalesce($7, status)
       where id = $1 returning id`,
      [
        id,
        p.serviceId ?? null,
        p.code ?? null,
        p.title ?? null,
        p.description !== undefined,
        p.description ?? null,
        p.status ?? null,
      ],
    );
    return rows.length > 0;
  } catch (e) {
    return conflict(e);
  }
}

/** Deletes a draft tariff (the database refuses published ones). */
export async function deleteTariff(tx: Tx, id: string): Promise<boolean> {
  try {
    return (await tx.query("delete from public.tariffs where id = $1 returning id", [id])).length >
      0;
  } catch (e) {
    return conflict(e);
  }
}

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

async function insertVersion(
  tx: Tx,
  tenantId: string,
  tariffId: string,
  v: NewVersion & { rules: TariffRules },
  createdBy: string | null,
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.tariff_versions (tenant_id, tariff_id, valid_from, valid_to, rules, rounding, created_by)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [tenantId, tariffId, v.validFrom, v.validTo ?? null, v.rules, v.rounding, createdBy],
  );
  return row.id;
}

/**
 * Adds a version from `validFrom`: the version in force that day ends the day before, and the new
 * one runs until the next version (or open-ended). On a draft, a version with the same start is
 * replaced; on a published tariff the database refuses rewrites and starts in billed months.
 * Returns the version's id, or null when the tariff is not visible.
 */
export async function addVersion(
  tx: Tx,
  tariffId: string,
  v: NewVersion,
  createdBy: string | null,
): Promise<string | null> {
  const rules = checked(v.rules);
  const tariff = await getTariff(tx, tariffId);
  if (!tariff) return null;
  const same = tariff.versions.find((x) => x.valid_from === v.validFrom);
  try {
    if (same && tariff.status === "draft") {
      await tx.query(
        `update public.tariff_versions set rules = $2, rounding = $3, valid_to = $4, created_by = $5
          where id = $1`,
        [
          same.id,
          rules,
          v.rounding,
          v.validTo === undefined ? same.valid_to : v.validTo,
          createdBy,
        ],
      );
      return same.id;
    }
    if (same) {
      throw new TariffConflict(
        `Esiste già una versione dal ${v.validFrom}: una tariffa pubblicata non si modifica, crea una nuova versione da una data successiva.`,
        `A version from ${v.validFrom} already exists: a published tariff is not edited, create a new version from a later date.`,
      );
    }
    const frozen = `${romeDate().slice(0, 7)}-01`;
    if (tariff.status !== "draft" && v.validFrom < frozen) {
      // The database refuses it too; said here first, before closing the version in force.
      throw new TariffConflict(
        `Una nuova versione di una tariffa pubblicata non può iniziare prima del ${
          frozen.split("-").reverse().join("/")
        }: i mesi precedenti possono essere già stati fatturati.`,
        `A new version of a published tariff cannot start before ${frozen}: earlier months may already have been billed.`,
      );
    }
    const covering = tariff.versions.find((x) =>
      x.valid_from < v.validFrom && (x.valid_to === null || x.valid_to >= v.validFrom)
    );
    const next = tariff.versions.find((x) => x.valid_from > v.validFrom);
    const validTo = v.validTo !== undefined ? v.validTo : next ? dayBefore(next.valid_from) : null;
    const spans = tariff.versions.map((x) =>
      x === covering
        ? { validFrom: x.valid_from, validTo: dayBefore(v.validFrom) }
        : { validFrom: x.valid_from, validTo: x.valid_to }
    );
    const issues = validateVersions([...spans, { validFrom: v.validFrom, validTo }]);
    if (issues.length) throw new TariffInvalid(issues);
    if (covering) {
      await tx.query("update public.tariff_versions set valid_to = $2 where id = $1", [
        covering.id,
        dayBefore(v.validFrom),
      ]);
    }
    return await insertVersion(
      tx,
      tariff.tenant_id,
      tariffId,
      { ...v, validTo, rules },
      createdBy,
    );
  } catch (e) {
    if (e instanceof TariffConflict || e instanceof TariffInvalid) throw e;
    return conflict(e);
  }
}

/** The engine's view of a stored tariff. */
export function engineTariff(t: TariffDetail): { versions: TariffVersion[] } {
  return {
    versions: t.versions.map((v) => ({
      validFrom: v.valid_from,
      validTo: v.valid_to,
      rounding: v.rounding,
      rules: v.rules,
    })),
  };
}

/** Quotes a stored tariff; null when it is not visible. Throws `QuoteError` for bad situations. */
export async function quoteTariff(
  tx: Tx,
  id: string,
  situation: SituationInput,
): Promise<{ tariff: TariffDetail; quote: Quote } | null> {
  const tariff = await getTariff(tx, id);
  if (!tariff) return null;
  return { tariff, quote: quote(engineTariff(tariff), situation) };
}
