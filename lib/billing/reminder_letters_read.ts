/**
 * What the paper reminder letters print, read under the caller's RLS (the billing office): the
 * positions of a campaign whose payers had no contact, or one position, as they are now — only
 * the ones still overdue (the rule of `positions_read.ts`), with their overdue notices, the
 * payers' names and postal addresses from the registry and the Ente's letterhead. Downloads are
 * audited exports (`export`, `reminder_letters`). Recording the letters as sent is
 * `recordLetters` (`reminder_letters_record.ts`), the one write path.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { ON_ENFORCED_LIST, OVERDUE_DUE, OVERDUE_JOIN, OVERDUE_NOTICE } from "./positions_read.ts";
import {
  buildLetters,
  type Letter,
  type LetterEnte,
  type LetterNotice,
  type LetterPosition,
} from "./reminder_letter.ts";

export interface LettersData {
  ente: LetterEnte;
  /** Today in Rome (ISO day): the letters' date. */
  today: string;
  letters: Letter[];
}

/** The Ente's letterhead: name, fiscal code, address, and the office as the notice prints it. */
async function loadEnte(tx: Tx): Promise<{ ente: LetterEnte; today: string } | null> {
  const [row] = await tx.query<LetterEnte & { today: string }>(
    `select t.name, t.tax_code, t.address, s.office_name, s.office_contact,
            ((now() at time zone 'Europe/Rome')::date)::text as today
       from public.tenants t
       left join app.notice_print_settings() s on true
      where t.id = (select app.tenant_id())`,
  );
  if (!row) return null;
  const { today, ...ente } = row;
  return { ente, today };
}

/**
 * The letters of the positions `ids` that are overdue now, one per payer (none for a position
 * handed to enforced collection).
 *
 * @example const data = await loadLetters(tx, [positionId]);
 */
export async function loadLetters(tx: Tx, ids: readonly string[]): Promise<LettersData | null> {
  const head = await loadEnte(tx);
  if (!head) return null;
  const positions = ids.length
    ? await tx.query<LetterPosition>(
      `select d.id as position_id, d.iupd, d.payer_id,
              btrim(p.name || ' ' || p.surname) as payer_name,
              btrim(p.surname || ' ' || p.name) as payer_sort, p.tax_code as payer_tax_code,
              coalesce(nullif(btrim(p.postal_address), ''), nullif(btrim(p.residence_address), ''))
                as payer_address,
              d.description, d.period_start::text, d.period_end::text,
              o.overdue_cents::bigint as overdue_cents, o.overdue_since::text
         from public.debt_positions d
         join public.people p on p.tenant_id = d.tenant_id and p.id = d.payer_id
         ${OVERDUE_JOIN}
        where d.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])
          and o.overdue_since is not null and not ${ON_ENFORCED_LIST}`,
      [[...new Set(ids)]],
    )
    : [];
  const notices = positions.length
    ? await tx.query<LetterNotice>(
      `select n.debt_position_id as position_id, n.instalment, n.notice_number, n.amount_cents,
              (${OVERDUE_DUE})::text as due_on
         from public.payment_notices n
         join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
        where n.tenant_id = (select app.tenant_id()) and d.id = any ($1::uuid[])
          and ${OVERDUE_NOTICE}
        order by n.debt_position_id, n.instalment`,
      [positions.map((p) => p.position_id)],
    )
    : [];
  const letters = buildLetters(
    head.ente,
    positions.map((p) => ({ ...p, overdue_cents: Number(p.overdue_cents) })),
    notices.map((n) => ({ ...n, amount_cents: Number(n.amount_cents) })),
  );
  return { ...head, letters };
}

/**
 * The positions of campaign `id` whose payers had no contact (as the campaign reported them), or
 * null when the caller's Ente has no such campaign.
 */
export async function campaignLetterPositions(tx: Tx, id: string): Promise<string[] | null> {
  const [c] = await tx.query<{ ids: string[] | null }>(
    `select array(select i.debt_position_id from public.reminder_campaign_items i
                   where i.tenant_id = c.tenant_id and i.campaign_id = c.id
                     and i.outcome = 'no_contact'
                   order by i.debt_position_id) as ids
       from public.reminder_campaigns c
      where c.tenant_id = (select app.tenant_id()) and c.id = $1`,
    [id],
  );
  return c ? c.ids ?? [] : null;
}

/**
 * The letters of a download, written to the audit log in the caller's transaction (they name
 * payers, addresses and debts): `export`, `reminder_letters`, the campaign's or position's id.
 */
export async function auditLetters(
  tx: Tx,
  source: "campaign" | "position",
  id: string,
  data: LettersData,
): Promise<void> {
  await tx.query(
    "select app.audit_event(app.tenant_id(), 'export', 'reminder_letters', $1, $2)",
    [id, {
      source,
      payers: data.letters.length,
      positions: data.letters.reduce((n, l) => n + l.position_ids.length, 0),
      without_address: data.letters.filter((l) => l.address_problem === "missing").length,
    }],
  );
}

/**
 * When a letter was last recorded for each position of campaign `id` since it started: what its
 * page says of the payers without contact ("lettera registrata il …").
 */
export async function campaignLetterDates(tx: Tx, id: string): Promise<Record<string, string>> {
  const rows = await tx.query<{ debt_position_id: string; sent_at: string }>(
    `select r.debt_position_id, to_json(max(r.sent_at)) #>> '{}' as sent_at
       from public.reminder_campaigns c
       join public.reminder_campaign_items i on i.tenant_id = c.tenant_id
        and i.campaign_id = c.id and i.outcome = 'no_contact'
       join public.payment_reminders r on r.tenant_id = i.tenant_id
        and r.debt_position_id = i.debt_position_id and r.letter
        and r.sent_at >= coalesce(c.started_at, c.created_at)
      where c.tenant_id = (select app.tenant_id()) and c.id = $1
      group by r.debt_position_id`,
    [id],
  );
  return Object.fromEntries(rows.map((r) => [r.debt_position_id, r.sent_at]));
}
