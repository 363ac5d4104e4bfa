import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../../components/TextAreaField.tsx";
import {
  type CollectionPosition,
  getCollection,
} from "../../../../../lib/billing/enforced_collection_read.ts";
import { withdrawPosition } from "../../../../../lib/billing/enforced_collection_record.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";
import { define, HttpError, page, type State } from "../../../../../lib/http/define.ts";
import { euro } from "../../../fatturazione/(_components)/bits.tsx";
import { COLLECTIONS_PATH } from "../../(_components)/EnforcedCollections.tsx";

const REASON = "motivo";

interface Data {
  collectionId: string;
  reference: string;
  position: CollectionPosition;
  reason: string;
  errors: FieldErrors;
}

/** The list's live position `positionId`, or 404. */
async function load(state: State, id: string, positionId: string | undefined) {
  const { db, claims } = state;
  if (!isUuid(id) || !isUuid(positionId)) throw new HttpError(404);
  const read = await db.asUser(claims!, (tx) => getCollection(tx, id));
  const position = read?.positions.find((p) =>
    p.debt_position_id === positionId && !p.withdrawn_at
  );
  if (!read || !position) throw new HttpError(404);
  return { collectionId: id, reference: read.collection.reference, position };
}

/**
 * "Ritira" of a position on a list: a confirmation with the reason (GET), then the withdrawal
 * (POST): the position stays on the list as withdrawn, is reminded again and may go on a later
 * list. A reason under 5 characters comes back beside the field; nothing is written.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const data = await load(c.get("state"), c.req.param("id")!, c.req.query("posizione"));
    return page({ ...data, reason: "", errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const data = await load(state, c.req.param("id")!, field("posizione"));
    const reason = field(REASON).trim();
    if (reason.length < 5 || reason.length > 1000) {
      return page({
        ...data,
        reason,
        errors: {
          [REASON]: state.tr(
            "Indica il motivo del ritiro, da 5 a 1000 caratteri.",
            "Give the reason for the withdrawal, 5 to 1000 characters.",
          ),
        },
      }, { status: 422 });
    }
    await state.db.asUser(
      state.claims!,
      (tx) => withdrawPosition(tx, data.collectionId, data.position.debt_position_id, reason),
    );
    const q = new URLSearchParams({ ritirata: data.position.iupd });
    return c.redirect(`${COLLECTIONS_PATH}/${data.collectionId}?${q}#posizioni`, 303);
  },
});

/** The confirmation of a withdrawal, with its reason. */
export default define.page<Data>(function WithdrawPosition({ data, state }) {
  const tr = state.tr;
  const p = data.position;
  const back = `${COLLECTIONS_PATH}/${data.collectionId}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Riscossione coattiva", "Enforced collection"), COLLECTIONS_PATH],
          [data.reference, back],
          [tr("Ritira una posizione", "Withdraw a position")],
        ]}
      />
      <h1>
        {tr(
          `Ritira la posizione ${p.iupd} dall'elenco`,
          `Withdraw position ${p.iupd} from the list`,
        )}
      </h1>
      <p>
        {tr(
          `${p.debtor.name ?? ""}, ${
            euro(state, p.overdue_cents)
          } affidati con l'elenco «${data.reference}». Ritirata, la posizione resta nell'elenco come ritirata, torna sollecitabile e potrà entrare in un elenco successivo. Comunica il ritiro al soggetto incaricato della riscossione.`,
          `${p.debtor.name ?? ""}, ${
            euro(state, p.overdue_cents)
          } handed over with the list “${data.reference}”. Once withdrawn, the position stays on the list as withdrawn, can be reminded again and may go on a later list. Tell the collector of the withdrawal.`,
        )}
      </p>
      <form method="post" action={`${back}/ritira`}>
        <CsrfField state={state} />
        <input type="hidden" name="posizione" value={p.debt_position_id} />
        <ErrorSummary state={state} errors={data.errors} />
        <TextAreaField
          state={state}
          id={REASON}
          label={tr("Motivo del ritiro", "Reason for the withdrawal")}
          value={data.reason}
          errors={data.errors}
          maxLength={1000}
          rows={3}
          hint={tr(
            "Per esempio: inserita per errore, pagamento ricevuto, rateizzazione concessa.",
            "For example: added by mistake, payment received, instalment plan granted.",
          )}
          required
        />
        <button type="submit" class="btn btn-danger me-2">
          {tr("Ritira dall'elenco", "Withdraw from the list")}
        </button>
        <a class="btn btn-outline-secondary" href={back}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
});
