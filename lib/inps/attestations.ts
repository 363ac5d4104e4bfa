/**
 * ISEE attestations of the Ente's people: retrieval from INPS (stored as `source = 'inps'`, the
 * previous valid one of the same kind superseded), families' self-declarations, their
 * verification against INPS, lists, and who still lacks a valid ISEE. Every read of ISEE values
 * is written to the audit log (`view`, `isee_attestations`).
 *
 * The INPS call runs between two transactions, never inside one.
 *
 * @module
 */

import type { Claims, Db, Tx } from "../db/types.ts";
import { romeDate } from "../i18n/mod.ts";
import { compareDeclared, prestazioneFor, tipoOf, validUntil } from "./codes.ts";
import type { InpsGateway } from "./gateway.ts";
import type { Omission } from "./soap.ts";

export interface Attestation {
  id: string;
  person_id: string;
  person_name: string;
  tax_code: string;
  kind: string;
  value_cents: number | null;
  protocol: string | null;
  presented_on: string | null;
  valid_until: string | null;
  omissions: { type: string; detail: string }[];
  source: string;
  status: string;
  verified_at: string | null;
  verification: Record<string, unknown> | null;
  retrieved_at: string;
}

const SELECT = `select a.id, a.person_id, p.surname || ' ' || p.name as person_name, a.tax_code,
    a.kind, a.value_cents, a.protocol, a.presented_on, a.valid_until, a.omissions, a.source,
    a.status, a.verified_at, a.verification, a.retrieved_at
  from public.isee_attestations a
  join public.people p on p.tenant_id = a.tenant_id and p.id = a.person_id`;

const iso = (v: unknown) => v instanceof Date ? v.toISOString() : v as string | null;
function row(r: Attestation): Attestation {
  return { ...r, verified_at: iso(r.verified_at), retrieved_at: iso(r.retrieved_at)! };
}

/** Audits that the caller saw the ISEE values of these attestations. */
export async function auditRead(tx: Tx, ids: string[], details?: Record<string, unknown>) {
  for (const id of ids) {
    await tx.query(
      "select app.audit_event((select app.tenant_id()), 'view', 'isee_attestations', $1, $2)",
      [id, details ?? null],
    );
  }
}

export class IseeError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly it: string,
    readonly en: string,
  ) {
    super(en);
  }
}

interface PersonRow {
  id: string;
  surname: string;
  name: string;
  tax_code: string | null;
  birth_date: string | null;
}

async function person(tx: Tx, id: string): Promise<PersonRow> {
  const [p] = await tx.query<PersonRow>(
    `select id, surname, name, tax_code, birth_date from public.people
      where tenant_id = (select app.tenant_id()) and id = $1 and merged_into is null`,
    [id],
  );
  if (!p) {
    throw new IseeError("person_not_found", 404, "Persona non trovata.", "Person not found.");
  }
  if (!p.tax_code) {
    throw new IseeError(
      "tax_code_missing",
      422,
      "La persona non ha il codice fiscale in anagrafica: INPS cerca l'ISEE per codice fiscale.",
      "The person has no codice fiscale in the registry: INPS searches ISEE by codice fiscale.",
    );
  }
  return p;
}

/** Minors (under 18 on `on`) get the ISEE for benefits to minors by default. */
export function defaultKind(birthDate: string | null, on: string): "ordinario" | "minorenni" {
  if (!birthDate) return "ordinario";
  const [y, m, d] = birthDate.split("-").map(Number);
  const adult = `${y + 18}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return on < adult ? "minorenni" : "ordinario";
}

export interface RetrieveInput {
  personId: string;
  kind?: "ordinario" | "minorenni" | null;
  /** `services.kind`, for PrestazioneDaErogare. */
  serviceKind?: string | null;
  /** Europe/Rome date the ISEE must be valid on (default today). */
  validOn?: string | null;
  /** The application's protocol number, sent as ProtocolloDomandaEnteErogatore. */
  applicationProtocol?: string | null;
}

export interface RetrieveResult {
  attestation: Attestation;
  superseded: number;
  simulated: boolean;
}

async function insertInps(
  tx: Tx,
  p: PersonRow,
  kind: string,
  found:
    | { value_cents: number; protocol: string; presented_on: string; omissions: Omission[] }
    | null,
  userId: string,
): Promise<{ id: string; superseded: number }> {
  const [ins] = await tx.query<{ id: string }>(
    `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
       protocol, presented_on, valid_until, omissions, source, status, verified_at, created_by)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5, $6, $7, $8, 'inps', $9, now(), $10)
     returning id`,
    [
      p.id,
      p.tax_code,
      kind,
      found?.value_cents ?? null,
      found?.protocol ?? null,
      found?.presented_on ?? null,
      found ? validUntil(found.presented_on) : null,
      (found?.omissions ?? []).map((o) => ({ type: o.type, detail: o.detail })),
      found ? "valid" : "not_found",
      userId,
    ],
  );
  let superseded = 0;
  if (found) {
    const rows = await tx.query(
      `update public.isee_attestations set status = 'superseded'
        where tenant_id = (select app.tenant_id()) and person_id = $1 and kind = $2
          and status = 'valid' and id <> $3
        returning id`,
      [p.id, kind, ins.id],
    );
    superseded = rows.length;
  }
  return { id: ins.id, superseded };
}

/**
 * Asks INPS for a person's ISEE and stores the answer (valid or not_found). INPS failures are
 * thrown as `InpsError` and nothing is stored.
 */
async function lookup(gateway: InpsGateway, p: PersonRow, kind: string, input: RetrieveInput) {
  const r = await gateway.client.lookup({
    tipo: tipoOf(kind)!,
    ricerca: {
      codiceFiscale: p.tax_code!,
      dataValidita: input.validOn ?? romeDate(),
      prestazione: prestazioneFor(input.serviceKind),
      protocolloDomanda: input.applicationProtocol ?? undefined,
      statoDomanda: "Da Erogare",
    },
  });
  const found = r.found
    ? {
      value_cents: r.indicatore.isee_cents,
      protocol: r.indicatore.protocol,
      presented_on: r.indicatore.presented_on,
      omissions: r.attestazione?.omissions ?? [],
    }
    : null;
  return { found, idRichiesta: r.idRichiesta };
}

/**
 * Asks INPS for a person's ISEE and stores the answer (valid or not_found). INPS failures are
 * thrown as `InpsError` and nothing is stored.
 */
export async function retrieveIsee(
  db: Db,
  claims: Claims,
  gateway: InpsGateway,
  input: RetrieveInput,
): Promise<RetrieveResult> {
  const p = await db.asUser(claims, (tx) => person(tx, input.personId));
  const kind = input.kind ?? defaultKind(p.birth_date, input.validOn ?? romeDate());
  const { found, idRichiesta } = await lookup(gateway, p, kind, input);
  return await db.asUser(claims, async (tx) => {
    const { id, superseded } = await insertInps(tx, p, kind, found, claims.sub);
    await auditRead(tx, [id], { retrieved: true, id_richiesta: idRichiesta });
    return {
      attestation: (await getAttestation(tx, id))!,
      superseded,
      simulated: gateway.simulated,
    };
  });
}

/** One attestation (no audit: callers audit what they show). */
export async function getAttestation(tx: Tx, id: string): Promise<Attestation | null> {
  const [r] = await tx.query<Attestation>(
    `${SELECT} where a.tenant_id = (select app.tenant_id())
    and a.id = $1`,
    [id],
  );
  return r ? row(r) : null;
}

export interface AttestationFilter {
  status?: string | null;
  source?: string | null;
  kind?: string | null;
  personId?: string | null;
  /** Surname/name words or the start of a codice fiscale. */
  q?: string | null;
  limit?: number;
}

/** Newest first; the caller's RLS decides what is visible (a family: its household). */
export async function listAttestations(tx: Tx, f: AttestationFilter = {}): Promise<Attestation[]> {
  const rows = await tx.query<Attestation>(
    `${SELECT}
      where a.tenant_id = (select app.tenant_id())
        and ($1::text is null or a.status = $1) and ($2::text is null or a.source = $2)
        and ($3::text is null or a.kind = $3) and ($4::uuid is null or a.person_id = $4)
        and ($5::text is null or a.tax_code like upper($5) || '%'
             or lower(p.surname || ' ' || p.name) like '%' || lower($5) || '%'
             or lower(p.name || ' ' || p.surname) like '%' || lower($5) || '%')
      order by a.retrieved_at desc, a.id
      limit $6`,
    [
      f.status ?? null,
      f.source ?? null,
      f.kind ?? null,
      f.personId ?? null,
      f.q?.trim() || null,
      Math.min(Math.max(f.limit ?? 100, 1), 500),
    ],
  );
  return rows.map(row);
}

export interface DeclareInput {
  personId: string;
  kind: "ordinario" | "minorenni";
  valueCents: number;
  protocol: string;
  presentedOn: string;
}

/** A family's self-declared ISEE, waiting for the office to verify it with INPS. */
export async function declareIsee(tx: Tx, userId: string, d: DeclareInput): Promise<string> {
  const [p] = await tx.query<{ tax_code: string | null }>(
    `select tax_code from public.people where tenant_id = (select app.tenant_id()) and id = $1`,
    [d.personId],
  );
  if (!p?.tax_code) {
    throw new IseeError(
      "tax_code_missing",
      422,
      "La persona scelta non ha il codice fiscale registrato: rivolgersi all'ufficio.",
      "The chosen person has no codice fiscale on record: contact the office.",
    );
  }
  const [r] = await tx.query<{ id: string }>(
    `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
       protocol, presented_on, valid_until, source, status, created_by)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5, $6, $7, 'self_declared', 'to_verify', $8)
     returning id`,
    [
      d.personId,
      p.tax_code,
      d.kind,
      d.valueCents,
      d.protocol,
      d.presentedOn,
      validUntil(d.presentedOn),
      userId,
    ],
  );
  return r.id;
}

export interface VerifyResult {
  declared: Attestation;
  inps: Attestation | null;
  difference_cents: number | null;
  simulated: boolean;
}

/**
 * "Verifica con INPS": retrieves the ISEE of the declared kind, stores it, and marks the
 * declaration valid (same value to the cent, same DSU) or mismatch, with the difference.
 */
export async function verifyDeclared(
  db: Db,
  claims: Claims,
  gateway: InpsGateway,
  id: string,
): Promise<VerifyResult> {
  const declared = await db.asUser(claims, (tx) => getAttestation(tx, id));
  if (!declared || declared.source !== "self_declared") {
    throw new IseeError(
      "attestation_not_found",
      404,
      "Dichiarazione ISEE non trovata.",
      "ISEE declaration not found.",
    );
  }
  if (declared.status !== "to_verify") {
    throw new IseeError(
      "already_verified",
      409,
      "Questa dichiarazione è già stata verificata.",
      "This declaration was already verified.",
    );
  }
  const kind = declared.kind === "minorenni" ? "minorenni" : "ordinario";
  const p = await db.asUser(claims, (tx) => person(tx, declared.person_id));
  const { found, idRichiesta } = await lookup(gateway, p, kind, {
    personId: p.id,
    validOn: declared.presented_on && declared.presented_on > romeDate()
      ? declared.presented_on
      : null,
  });
  return await db.asUser(claims, async (tx) => {
    let inpsId: string | null = null;
    let status: "valid" | "mismatch" | "not_found" = "not_found";
    let difference: number | null = null;
    let verification: Record<string, unknown> = { inps: "not_found", id_richiesta: idRichiesta };
    if (found) {
      const cmp = compareDeclared(
        { value_cents: declared.value_cents!, protocol: declared.protocol },
        { value_cents: found.value_cents, protocol: found.protocol },
      );
      status = cmp.status;
      difference = cmp.difference_cents;
      verification = {
        id_richiesta: idRichiesta,
        inps_value_cents: found.value_cents,
        inps_protocol: found.protocol,
        inps_presented_on: found.presented_on,
        difference_cents: cmp.difference_cents,
        protocol_matches: cmp.protocol_matches,
      };
      if (status === "mismatch") {
        // INPS's value is the one in force; the declaration stays as history.
        inpsId = (await insertInps(tx, p, kind, found, claims.sub)).id;
        verification.inps_attestation_id = inpsId;
      } else {
        await tx.query(
          `update public.isee_attestations set status = 'superseded'
            where tenant_id = (select app.tenant_id()) and person_id = $1 and kind = $2
              and status = 'valid' and id <> $3`,
          [p.id, kind, id],
        );
      }
    }
    await tx.query(
      `update public.isee_attestations
          set status = $2, verified_at = now(), verification = $3,
              omissions = case when $2 = 'valid' then $4::jsonb else omissions end
        where tenant_id = (select app.tenant_id()) and id = $1`,
      [
        id,
        status,
        verification,
        (found?.omissions ?? []).map((o) => ({ type: o.type, detail: o.detail })),
      ],
    );
    await auditRead(tx, [id, ...(inpsId ? [inpsId] : [])], { verified: true });
    return {
      declared: (await getAttestation(tx, id))!,
      inps: inpsId ? await getAttestation(tx, inpsId) : null,
      difference_cents: difference,
      simulated: gateway.simulated,
    };
  });
}

export interface MissingRow {
  person_id: string;
  person_name: string;
  tax_code: string | null;
  role: "applicant" | "child";
  protocol_number: string | null;
  school_year: string;
  reason: "missing" | "expired" | "to_verify" | "not_found" | "mismatch";
  last_valid_until: string | null;
}

/**
 * Who is missing a valid ISEE (`x`, one row per person and application) and their latest
 * attestation (`l`), as of `$1` (a date).
 */
const MISSING_FROM = `with people_in as (
       select a.applicant_id as person_id, 'applicant' as role, a.protocol_number, y.label
         from public.applications a
         join public.school_years y on y.tenant_id = a.tenant_id and y.id = a.school_year_id
        where a.tenant_id = (select app.tenant_id()) and a.status = 'submitted'
          and y.ends_on >= $1::date and a.applicant_id is not null
       union
       select i.child_id, 'child', a.protocol_number, y.label
         from public.application_items i
         join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
         join public.school_years y on y.tenant_id = i.tenant_id and y.id = i.school_year_id
        where i.tenant_id = (select app.tenant_id()) and a.status = 'submitted' and i.live
          and y.ends_on >= $1::date and i.child_id is not null
     ), latest as (
       select distinct on (person_id) person_id, status, valid_until
         from public.isee_attestations
        where tenant_id = (select app.tenant_id()) and status <> 'superseded'
        order by person_id, (status = 'valid' and valid_until >= $1::date) desc, retrieved_at desc
     )`;
const MISSING_WHERE =
  `(l.person_id is null or not (l.status = 'valid' and l.valid_until >= $1::date))`;

/**
 * Applicants and children of submitted applications for school years not yet ended who have no
 * valid ISEE in force today (none, expired, still to verify, not found, or differing).
 */
export async function missingIsee(tx: Tx, today = romeDate()): Promise<MissingRow[]> {
  return await tx.query<MissingRow>(
    `${MISSING_FROM}
     select x.person_id, p.surname || ' ' || p.name as person_name, p.tax_code, x.role,
            x.protocol_number, x.label as school_year,
            case when l.person_id is null then 'missing'
                 when l.status = 'valid' then 'expired'
                 else l.status end as reason,
            l.valid_until as last_valid_until
       from people_in x
       join public.people p on p.tenant_id = (select app.tenant_id()) and p.id = x.person_id
       left join latest l on l.person_id = x.person_id
      where ${MISSING_WHERE}
      order by p.sort_key, x.protocol_number`,
    [today],
  );
}

/** How many people {@linkcode missingIsee} lists (each once, however many applications). */
export async function countMissingIsee(tx: Tx, today = romeDate()): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `${MISSING_FROM}
     select count(distinct x.person_id)::int as n
       from people_in x
       join public.people p on p.tenant_id = (select app.tenant_id()) and p.id = x.person_id
       left join latest l on l.person_id = x.person_id
      where ${MISSING_WHERE}`,
    [today],
  );
  return n;
}
