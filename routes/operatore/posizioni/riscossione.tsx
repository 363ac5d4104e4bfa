import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../components/FormErrors.tsx";
import {
  COLLECTION_MAX_POSITIONS,
  type CollectionForm,
  type CollectionSelection,
  DEFAULT_MIN_DAYS,
  DEFAULT_MIN_PAYER_CENTS,
  FIELDS,
  readCollectionForm,
} from "../../../lib/billing/enforced_collection.ts";
import {
  type Candidate,
  type Collection,
  listCollections,
} from "../../../lib/billing/enforced_collection_read.ts";
import {
  createCollection,
  previewCollection,
} from "../../../lib/billing/enforced_collection_record.ts";
import { listRuns } from "../../../lib/billing/review.ts";
import type { Tx } from "../../../lib/db/types.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { centsToInput } from "../../../lib/tariffs/money.ts";
import { pageNo, Pager } from "../fatturazione/(_components)/bits.tsx";
import {
  CollectionConfirm,
  COLLECTIONS_PATH,
  CollectionTable,
  NewCollectionForm,
} from "./(_components)/EnforcedCollections.tsx";

const PAGE_SIZE = 25;

type Data =
  | {
    step: "list";
    items: Collection[];
    total: number;
    page: number;
    form: CollectionForm;
    errors: FieldErrors;
    runs: { id: string; label: string }[];
  }
  | {
    step: "confirm";
    form: CollectionForm;
    selection: CollectionSelection<Candidate>;
    message?: string;
  };

const EMPTY_FORM: CollectionForm = {
  run_id: "",
  min_days: String(DEFAULT_MIN_DAYS),
  min_payer: centsToInput(DEFAULT_MIN_PAYER_CENTS),
  reference: "",
  note: "",
};

/** The lists and the form, as GET shows them or a refused form comes back. */
async function listData(tx: Tx, n: number, form: CollectionForm, errors: FieldErrors) {
  const { items, total } = await listCollections(tx, PAGE_SIZE, (n - 1) * PAGE_SIZE);
  const runs = (await listRuns(tx, { status: "issued", limit: 100, offset: 0 })).items
    .map((r) => ({ id: r.id, label: `n. ${r.number} — ${r.label}` }));
  return { step: "list" as const, items, total, page: n, form, errors, runs };
}

/**
 * The lists handed to enforced collection (GET), and "Nuovo elenco" (POST): `passo=conferma`
 * checks the form (errors beside the fields, nothing written) and counts what the list would
 * take; `passo=crea` creates it and goes to its page.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const n = pageNo(c.req.query("pagina"));
    return page(await db.asUser(claims!, (tx) => listData(tx, n, EMPTY_FORM, {})));
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims, tr } = state;
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form: CollectionForm = {
      run_id: field(FIELDS.run_id),
      min_days: field(FIELDS.min_days),
      min_payer: field(FIELDS.min_payer),
      reference: field(FIELDS.reference),
      note: field(FIELDS.note),
    };
    const step = field("passo").trim();
    if (step !== "conferma" && step !== "crea") throw new HttpError(400);
    const { input, errors } = readCollectionForm(form, tr);
    if (!input) {
      return page(await db.asUser(claims!, (tx) => listData(tx, 1, form, errors)), {
        status: 422,
      });
    }
    if (step === "conferma") {
      const selection = await db.asUser(claims!, (tx) => previewCollection(tx, input));
      return page({ step: "confirm", form, selection });
    }
    const result = await db.asUser(claims!, (tx) => createCollection(tx, input));
    if ("id" in result) return c.redirect(`${COLLECTIONS_PATH}/${result.id}`, 303);
    const message = result.error === "empty"
      ? tr(
        "Nessuna posizione da affidare: nel frattempo sono state pagate, sollecitate o affidate. Nulla è stato creato.",
        "No position to hand over: meanwhile they were paid, reminded or handed over. Nothing was created.",
      )
      : tr(
        `Più di ${COLLECTION_MAX_POSITIONS} posizioni: scegli un'elaborazione per dividere l'elenco. Nulla è stato creato.`,
        `More than ${COLLECTION_MAX_POSITIONS} positions: choose a billing run to split the list. Nothing was created.`,
      );
    return page({ step: "confirm", form, selection: result.selection, message }, {
      status: 422,
    });
  },
});

/** The lists and the new list's form, or its confirmation step. */
export default define.page<Data>(function EnforcedCollections({ data, state }) {
  const tr = state.tr;
  const title = tr("Riscossione coattiva", "Enforced collection");
  const crumbs: [string, string?][] = [
    [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
    [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
  ];
  if (data.step === "confirm") {
    return (
      <>
        <Breadcrumb
          state={state}
          items={[...crumbs, [title, COLLECTIONS_PATH], [tr("Conferma", "Confirm")]]}
        />
        <h1>
          {tr("Nuovo elenco per la riscossione coattiva", "New list for enforced collection")}
        </h1>
        <CollectionConfirm
          state={state}
          form={data.form}
          selection={data.selection}
          message={data.message}
        />
      </>
    );
  }
  return (
    <>
      <Breadcrumb state={state} items={[...crumbs, [title]]} />
      <h1>{title}</h1>
      <p class="lead">
        {tr(
          "Gli elenchi (liste di carico) delle posizioni non pagate dopo i solleciti, affidate alla riscossione coattiva con un atto dell'Ente. Le posizioni affidate non ricevono più solleciti; se vengono pagate dopo l'affidamento, l'elenco lo segnala per comunicare lo sgravio.",
          "The lists of positions unpaid after the reminders, handed to enforced collection by an act of the Ente. Positions handed over get no more reminders; if they are paid afterwards, the list flags them so the relief can be communicated.",
        )}
      </p>
      <CollectionTable state={state} items={data.items} total={data.total} />
      <Pager
        state={state}
        total={data.total}
        size={PAGE_SIZE}
        current={data.page}
        href={(n) => `${COLLECTIONS_PATH}${n > 1 ? `?pagina=${n}` : ""}`}
      />
      <NewCollectionForm state={state} form={data.form} errors={data.errors} runs={data.runs} />
    </>
  );
});
