/**
 * Refusals of the rankings area: a code for machines, Italian and English for people, the HTTP
 * status, and the database's refusals (raised by the functions of `20261128170000_rankings.sql`)
 * mapped to the same.
 *
 * @module
 */
import { HttpError } from "../http/define.ts";
import type { Problem } from "./criteria.ts";

export type RankingErrorCode =
  | "invalid"
  | "not_found"
  | "no_rules"
  | "no_places"
  | "locked"
  | "wrong_status"
  | "offer_closed";

const STATUS: Record<RankingErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  no_rules: 409,
  no_places: 422,
  locked: 409,
  wrong_status: 409,
  offer_closed: 409,
};

export class RankingError extends Error {
  constructor(
    readonly code: RankingErrorCode,
    readonly it: string,
    readonly en: string,
    readonly problems: Problem[] = [],
  ) {
    super(en);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = () =>
  new RankingError("not_found", "Graduatoria non trovata.", "Ranking not found.");

/** The database's refusals as RankingErrors; anything else is returned unchanged. */
export function rankingErrorOf(e: unknown): unknown {
  if (e instanceof RankingError) return e;
  const msg = (e as { message?: string })?.message ?? "";
  if (msg.includes("ranking_not_found")) return notFound();
  if (msg.includes("offer_not_found")) {
    return new RankingError("not_found", "Offerta non trovata.", "Offer not found.");
  }
  if (msg.includes("offer_closed")) {
    return new RankingError(
      "offer_closed",
      "Questa offerta di posto non è più aperta: la risposta è già stata data o il termine è scaduto.",
      "This offer is no longer open: it was already answered or it expired.",
    );
  }
  return e;
}

/** For API operations: the refusal as an HttpError with `code` and `errors`. */
export function apiRankingError(e: unknown): unknown {
  const x = rankingErrorOf(e);
  if (!(x instanceof RankingError)) return x;
  return new HttpError(x.status, x.en, {
    code: x.code,
    errors: x.problems.map((p) => ({ path: p.path, message: p.en, code: x.code })),
  });
}
