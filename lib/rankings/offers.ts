/**
 * The waiting list at work (scorrimento): offers of a place with their deadline, the family's
 * answer, expiry of unanswered offers, and the published ranking as anyone may read it. The
 * moves themselves are SQL functions (`20261128170000_rankings.sql`) so that a family's decline
 * can offer the place to another family in the same transaction without reading its data.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { RankingError, rankingErrorOf } from "./errors.ts";
import type { EntryState } from "./rankings.ts";
import { isUuid } from "../codes/uuid.ts";

/** Expires overdue offers and offers the free places (idempotent). Staff only. */
export async function processOffers(
  tx: Tx,
  rankingId: string,
): Promise<{ expired: number; offered: number }> {
  try {
    const [r] = await tx.query<{ expired: number; offered: number }>(
      "select * from app.ranking_process_offers($1)",
      [rankingId],
    );
    return r;
  } catch (e) {
    throw rankingErrorOf(e);
  }
}

/** Expires and refills every published ranking of the Ente with an overdue offer. */
export async function processAllOverdue(tx: Tx): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `select distinct ranking_id as id from public.ranking_entries
      where tenant_id = app.tenant_id() and state = 'offered' and offer_deadline < now()`,
  );
  for (const r of rows) await processOffers(tx, r.id);
  return rows.length;
}

/** The family's answer; returns the new state ('expired' when the deadline had passed). */
export async function respondOffer(
  tx: Tx,
  entryId: string,
  accept: boolean,
): Promise<"accepted" | "declined" | "expired"> {
  try {
    const [r] = await tx.query<{ state: "accepted" | "declined" | "expired" }>(
      "select app.respond_place_offer($1, $2) as state",
      [entryId, accept],
    );
    return r.state;
  } catch (e) {
    throw rankingErrorOf(e);
  }
}

/** A place offer as the family sees it. */
export interface PlaceOffer {
  id: string;
  ranking_id: string;
  service_title: string;
  school_year_label: string;
  protocol_number: string;
  child_name: string;
  position: number;
  score: number;
  state: EntryState;
  offer_sent_at: string | null;
  offer_deadline: string | null;
  responded_at: string | null;
}

const OFFER_SQL =
  `select e.id, e.ranking_id, s.title as service_title, y.label as school_year_label,
    e.protocol_number,
    btrim(coalesce(i.child ->> 'name', '') || ' ' || coalesce(i.child ->> 'surname', '')) as child_name,
    e.position, e.score, e.state, e.offer_sent_at, e.offer_deadline, e.responded_at
   from public.ranking_entries e
   join public.rankings r on r.tenant_id = e.tenant_id and r.id = e.ranking_id
   join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id
   join public.school_years y on y.tenant_id = r.tenant_id and y.id = r.school_year_id
   join public.application_items i on i.tenant_id = e.tenant_id and i.id = e.application_item_id`;

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();
const offerOf = (o: PlaceOffer): PlaceOffer => ({
  ...o,
  offer_sent_at: iso(o.offer_sent_at),
  offer_deadline: iso(o.offer_deadline),
  responded_at: iso(o.responded_at),
});

/**
 * The caller's entries in published rankings (RLS: a family sees only its own applications'),
 * open offers first.
 */
export async function myOffers(tx: Tx): Promise<PlaceOffer[]> {
  const rows = await tx.query<PlaceOffer>(
    `${OFFER_SQL} where e.tenant_id = app.tenant_id() and r.status = 'published'
        and e.state in ('offered', 'accepted', 'declined', 'expired', 'waiting')
      order by (e.state = 'offered') desc, e.offer_deadline nulls last, e.position`,
  );
  return rows.map(offerOf);
}

/** One entry as its family sees it, or null. */
export async function getOffer(tx: Tx, entryId: string): Promise<PlaceOffer | null> {
  const [r] = await tx.query<PlaceOffer>(
    `${OFFER_SQL} where e.tenant_id = app.tenant_id() and e.id = $1`,
    [entryId],
  );
  return r ? offerOf(r) : null;
}

/** The offers of a ranking (staff). */
export async function rankingOffers(tx: Tx, rankingId: string): Promise<PlaceOffer[]> {
  const rows = await tx.query<PlaceOffer>(
    `${OFFER_SQL} where e.tenant_id = app.tenant_id() and e.ranking_id = $1
        and e.offer_sent_at is not null order by e.offer_sent_at, e.position`,
    [rankingId],
  );
  return rows.map(offerOf);
}

export interface PublicRanking {
  tenant: string;
  service: string;
  school_year: string;
  places: number;
  published_at: string;
  entries: {
    position: number;
    protocol_number: string;
    score: number;
    group: "all" | "resident" | "non_resident";
    admitted: boolean;
  }[];
}

/** A published ranking's public snapshot, for anyone; null when not published or unknown. */
export async function publishedRanking(tx: Tx, id: string): Promise<PublicRanking | null> {
  if (!isUuid(id)) return null;
  const [r] = await tx.query<{ s: PublicRanking | null }>("select app.published_ranking($1) as s", [
    id,
  ]);
  return r?.s ?? null;
}

/** Guard used by the family's page: the answer must be one of the two buttons. */
export function readAnswer(v: unknown): boolean {
  if (v === "accept") return true;
  if (v === "decline") return false;
  throw new RankingError(
    "invalid",
    "Scegli se accettare o rinunciare al posto.",
    "Choose to accept or decline.",
  );
}
