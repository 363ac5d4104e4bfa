/**
 * The handlers of an office action on a plan position that takes a reason the family reads and
 * a confirmation (the decadenza, its revocation): GET shows the page; POST refuses what the
 * loaded page says cannot be done, checks the reason (422 with the error), shows the confirmation
 * (nothing written; `modifica=1` goes back to the form), and with `conferma=1` acts and goes back
 * to the position, saying whether the payer was e-mailed. A refusal of the database (the
 * position changed meanwhile) is shown on the page read again.
 */
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { PlanError } from "../../../../lib/billing/instalment_plan_record.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";

/** What the page adds to what it loaded: the day, the form and where the steps stand. */
export interface ReasonStep {
  /** Rome day the position was read on. */
  today: string;
  /** The reason as typed. */
  reason: string;
  errors: FieldErrors;
  /** The checked reason, for the confirmation step. */
  confirm?: string;
  /** A refusal, in words, when posting. */
  message?: string;
}

export function reasonStepHandlers<L extends { refusal: R | null }, R extends string>(o: {
  /** The posted field of the reason. */
  field: string;
  /** The position and what the page shows; 404 for a position that carries no plan. */
  load: (db: Db, claims: Claims, id: string, billing: boolean, today: string) => Promise<L>;
  /** A refusal of the page in words, with the status it is answered with. */
  refusal: (state: State, r: R) => { text: string; status: number };
  /** Checks the reason (`readLapseForm`, `readRevokeForm`). */
  read: (
    f: { reason: string },
    tr: State["tr"],
  ) => { reason: string | null; errors: Record<string, string> };
  /** Acts (the database checks again); throws `PlanError` for a refusal. */
  act: (db: Db, claims: Claims, id: string, reason: string) => Promise<{ mailed: boolean }>;
  /** The position page's `?decadenza=` after the action. */
  flash: string;
}) {
  return define.handlers<L & ReasonStep>({
    async GET(c) {
      const state = c.get("state");
      const id = c.req.param("id")!;
      if (!isUuid(id)) throw new HttpError(404);
      const billing = hasAnyRole(state, ["admin", "operator"]);
      const today = romeDate();
      const loaded = await o.load(state.db, state.claims!, id, billing, today);
      return page({ ...loaded, today, reason: "", errors: {} });
    },
    async POST(c) {
      const state = c.get("state");
      const { db, claims, tr } = state;
      const id = c.req.param("id")!;
      if (!isUuid(id)) throw new HttpError(404);
      const billing = hasAnyRole(state, ["admin", "operator"]);
      const body = await c.req.parseBody();
      const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
      const reason = field(o.field);
      const today = romeDate();
      const loaded = await o.load(db, claims!, id, billing, today);
      const again = (extra: Partial<ReasonStep>, status = 200) =>
        page({ ...loaded, today, reason, errors: {}, ...extra }, { status });
      if (loaded.refusal && !field("conferma")) {
        const r = o.refusal(state, loaded.refusal);
        return again({ message: r.text }, r.status);
      }
      if (field("modifica")) return again({});
      const checked = o.read({ reason }, tr);
      if (!checked.reason) return again({ errors: checked.errors }, 422);
      if (field("conferma") !== "1") return again({ confirm: checked.reason });
      try {
        const done = await o.act(db, claims!, id, checked.reason);
        // Whether the payer was e-mailed, as the action itself found (the registry's address).
        const email = done.mailed ? "inviata" : "assente";
        return c.redirect(`/operatore/posizioni/${id}?decadenza=${o.flash}&email=${email}`, 303);
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        // What the database saw may differ from the page (paid meanwhile): read it again.
        const now = await o.load(db, claims!, id, billing, today);
        return page({ ...now, today, reason, errors: {}, message: tr(e.it, e.en) }, {
          status: e.status,
        });
      }
    },
  });
}
