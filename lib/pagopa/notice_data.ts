/**
 * What an Avviso pagoPA prints, read from the database under the caller's RLS: a family member
 * gets only the positions of their household's payers, staff those of their Ente, anyone else
 * nothing (null). The result is plain data (`NoticeInput`) for `noticePdf`.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import type { Storage } from "../storage/mod.ts";
import { isUuid } from "../codes/uuid.ts";

export interface NoticeOption {
  /** 0 = the whole amount in one payment (rata unica); 1..n = instalments. */
  instalment: number;
  nav: string;
  cents: number;
  /** Calendar date `YYYY-MM-DD`, or null ("senza scadenza"). */
  dueOn: string | null;
}

export interface NoticeDebtor {
  taxCode: string;
  fullName: string;
  address?: string;
  postalCode?: string;
  city?: string;
  province?: string;
}

export interface NoticeEnte {
  name: string;
  taxCode: string;
  /** Office ("Ufficio Servizi Scolastici") and its contacts, printed under the Ente's name. */
  office?: string;
  contact?: string;
  website?: string;
  logo?: { bytes: Uint8Array; type: "png" | "jpeg" };
}

export interface NoticeInput {
  positionId: string;
  iupd: string;
  status: "open" | "partially_paid" | "paid" | "cancelled";
  /** Oggetto del pagamento (causale): service, pupil and period. */
  subject: string;
  totalCents: number;
  ente: NoticeEnte;
  debtor: NoticeDebtor;
  /** The single-payment option, or null when only instalments may be paid. */
  single: NoticeOption | null;
  instalments: NoticeOption[];
  cbill?: string;
  /** Present when the Ente collects on a postal account: the notice gets the Poste section. */
  postal?: { account: string; holder: string; authorization?: string };
}

type EnteRow = {
  name: string;
  tax_code: string;
  website: string | null;
  logo_key: string | null;
  logo_content_type: string | null;
  cbill: string | null;
  postal_account: string | null;
  postal_account_holder: string | null;
  postal_authorization: string | null;
  office_name: string | null;
  office_contact: string | null;
};

type PositionRow = {
  id: string;
  iupd: string;
  status: NoticeInput["status"];
  description: string;
  amount_cents: number;
  debtor: Record<string, unknown>;
  notices: { instalment: number; nav: string; cents: number; due_on: string | null }[] | null;
};

/** The Ente and its printed settings, once per batch. */
export async function loadNoticeEnte(
  tx: Tx,
  storage?: Storage,
): Promise<{ ente: NoticeEnte; cbill?: string; postal?: NoticeInput["postal"] } | null> {
  const [row] = await tx.query<EnteRow>(
    `select t.name, t.tax_code, t.website, t.logo_key, t.logo_content_type, s.cbill,
            s.postal_account, s.postal_account_holder, s.postal_authorization, s.office_name,
            s.office_contact
       from public.tenants t
       left join app.notice_print_settings() s on true
      where t.id = app.tenant_id()`,
  );
  if (!row) return null;
  const ente: NoticeEnte = { name: row.name, taxCode: row.tax_code };
  if (row.office_name) ente.office = row.office_name;
  if (row.office_contact) ente.contact = row.office_contact;
  if (row.website) ente.website = row.website;
  if (storage && row.logo_key && row.logo_content_type !== "image/webp") {
    const bytes = await storage.get(row.logo_key);
    if (bytes) ente.logo = { bytes, type: row.logo_content_type === "image/png" ? "png" : "jpeg" };
  }
  return {
    ente,
    cbill: row.cbill ?? undefined,
    postal: row.postal_account
      ? {
        account: row.postal_account,
        holder: row.postal_account_holder ?? row.name,
        authorization: row.postal_authorization ?? undefined,
      }
      : undefined,
  };
}

const POSITION_SQL = `
  select d.id, d.iupd, d.status, d.description, d.amount_cents, d.debtor,
         (select json_agg(json_build_object('instalment', n.instalment, 'nav', n.notice_number,
                   'cents', n.amount_cents, 'due_on', n.due_on) order by n.instalment)
            from public.payment_notices n
           where n.tenant_id = d.tenant_id and n.debt_position_id = d.id
             and n.status <> 'cancelled') as notices
    from public.debt_positions d
   where d.tenant_id = app.tenant_id()`;

const str = (v: unknown) => typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

/** The debtor snapshot as stored at issue (`debt_positions.debtor`), tolerant of older shapes. */
export function debtorOf(j: Record<string, unknown>): NoticeDebtor {
  const street = [str(j.address) ?? str(j.street), str(j.building_number) ?? str(j.civic)]
    .filter(Boolean).join(" ");
  const d: NoticeDebtor = {
    taxCode: str(j.fiscal_code) ?? str(j.tax_code) ?? "",
    fullName: str(j.full_name) ?? [str(j.name), str(j.surname)].filter(Boolean).join(" "),
  };
  if (street) d.address = street;
  const cap = str(j.postal_code) ?? str(j.cap);
  if (cap) d.postalCode = cap;
  const city = str(j.city) ?? str(j.municipality);
  if (city) d.city = city;
  const prov = str(j.province);
  if (prov) d.province = prov;
  return d;
}

function toInput(
  p: PositionRow,
  e: NonNullable<Awaited<ReturnType<typeof loadNoticeEnte>>>,
): NoticeInput {
  const options: NoticeOption[] = (p.notices ?? []).map((n) => ({
    instalment: n.instalment,
    nav: n.nav,
    cents: Number(n.cents),
    dueOn: n.due_on ? String(n.due_on).slice(0, 10) : null,
  }));
  const input: NoticeInput = {
    positionId: p.id,
    iupd: p.iupd,
    status: p.status,
    subject: p.description,
    totalCents: Number(p.amount_cents),
    ente: e.ente,
    debtor: debtorOf(typeof p.debtor === "string" ? JSON.parse(p.debtor) : p.debtor),
    single: options.find((o) => o.instalment === 0) ?? null,
    instalments: options.filter((o) => o.instalment > 0),
  };
  if (e.cbill) input.cbill = e.cbill;
  if (e.postal) input.postal = e.postal;
  return input;
}

/**
 * One position's notice data, or null when the caller may not see it (or it does not exist).
 * `storage` adds the Ente's logo.
 */
export async function loadNoticeInput(
  tx: Tx,
  positionId: string,
  opts: { storage?: Storage } = {},
): Promise<NoticeInput | null> {
  if (!isUuid(positionId)) return null;
  const [p] = await tx.query<PositionRow>(`${POSITION_SQL} and d.id = $1`, [positionId]);
  if (!p) return null;
  const e = await loadNoticeEnte(tx, opts.storage);
  return e ? toInput(p, e) : null;
}

/**
 * A page of a run's positions (by iupd, after `afterIupd`) with their notice data: the batch
 * reads the Ente once and positions `limit` at a time, never the whole run.
 */
export async function loadRunNoticeInputs(
  tx: Tx,
  runId: string,
  afterIupd: string | null,
  limit: number,
  ente: NonNullable<Awaited<ReturnType<typeof loadNoticeEnte>>>,
): Promise<NoticeInput[]> {
  const rows = await tx.query<PositionRow>(
    `${POSITION_SQL} and d.run_id = $1 and d.status <> 'cancelled'
        and ($2::text is null or d.iupd > $2) order by d.iupd limit $3`,
    [runId, afterIupd, limit],
  );
  return rows.map((p) => toInput(p, ente));
}
