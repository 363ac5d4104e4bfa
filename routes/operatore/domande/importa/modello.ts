import { importTemplate } from "../../../../lib/enrollment/import_template.ts";
import { define } from "../../../../lib/http/define.ts";

/** The .xlsx template of the applications import, with this Ente's codes and form columns. */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const bytes = await state.db.asUser(state.claims!, (tx) => importTemplate(tx));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": 'attachment; filename="modello-importazione-domande.xlsx"',
      "cache-control": "no-store",
    });
  },
});
