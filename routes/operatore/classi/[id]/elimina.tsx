import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { getClass, type SchoolClass } from "../../../../lib/sites/classes.ts";
import {
  classReferences,
  deleteClass,
  inUse,
  inUseRefusal,
  type References,
} from "../../../../lib/sites/deletion.ts";
import { SitesError } from "../../../../lib/sites/errors.ts";
import { DeleteConfirm } from "../../plessi/(_components)/DeleteConfirm.tsx";

interface Data {
  current: SchoolClass;
  refs: References;
  /** The refusal of a deletion just tried, when something came to refer to the class meanwhile. */
  refusal: string | null;
}

async function load(c: Ctx): Promise<{ current: SchoolClass; refs: References }> {
  const { db, claims } = c.get("state");
  const found = await db.asUser(claims!, async (tx) => {
    const current = await getClass(tx, c.req.param("id")!);
    return current ? { current, refs: await classReferences(tx, current.id) } : null;
  });
  if (!found) throw new HttpError(404, "No such class", { code: "not_found" });
  return found;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), refusal: null });
  },
  async POST(c) {
    const state = c.get("state");
    const { current } = await load(c);
    try {
      const deleted = await state.db.asUser(state.claims!, (tx) => deleteClass(tx, current.id));
      if (!deleted) throw new HttpError(404, "No such class", { code: "not_found" });
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return page({ ...await load(c), refusal: e.text[state.lang] }, { status: e.status });
    }
    return c.redirect(`/operatore/classi?anno=${current.school_year_id}&eliminata=1`, 303);
  },
});

/** Asks to confirm the deletion of a class, or says what still refers to it. */
export default define.page<Data>(function DeleteClass({ data, state }) {
  const { current, refs } = data;
  const tr = state.tr;
  const refusal = data.refusal ??
    (inUse(refs) ? inUseRefusal("class", refs).text[state.lang] : null);
  const where = `${current.site_name}, ${current.school_year_label}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Classi", "Classes"), `/operatore/classi?anno=${current.school_year_id}`],
          [current.name, `/operatore/classi/${current.id}`],
          [tr("Elimina", "Delete")],
        ]}
      />
      <h1>
        {tr(
          `Eliminare la classe ${current.name} (${where})?`,
          `Delete the class ${current.name} (${where})?`,
        )}
      </h1>
      <DeleteConfirm
        state={state}
        refusal={refusal}
        action={`/operatore/classi/${current.id}/elimina`}
        cancel={`/operatore/classi/${current.id}`}
        confirm={tr("Elimina la classe", "Delete the class")}
      >
        <p>
          {current.teachers.length
            ? tr(
              `I docenti assegnati (${current.teachers.length}) non la vedranno più; i loro profili restano.`,
              `Its teachers (${current.teachers.length}) will no longer see it; their accounts stay.`,
            )
            : tr("La classe non ha docenti assegnati.", "The class has no teachers assigned.")}
        </p>
      </DeleteConfirm>
    </>
  );
});
