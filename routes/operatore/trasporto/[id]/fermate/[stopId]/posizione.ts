import { define, HttpError } from "../../../../../../lib/http/define.ts";
import { moveStopTo } from "../../../../../../lib/transport/mod.ts";
import { checkLatitude, checkLongitude } from "../../../../../../lib/transport/rules.ts";
import { routeNotFound, uuidParam } from "../../../(_components)/fields.tsx";

/** Saves a stop's new place on the map (the map posts it when a marker is dragged). */
export const handler = define.handlers({
  async POST(c) {
    const state = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    const body = await c.req.parseBody();
    const lat = checkLatitude(String(body.latitude ?? ""));
    const lon = checkLongitude(String(body.longitude ?? ""));
    if (!lat.ok || !lon.ok) {
      const p = !lat.ok ? lat.problem : (lon as Extract<typeof lon, { ok: false }>).problem;
      throw new HttpError(422, state.tr(p.it, p.en), { code: "invalid_value" });
    }
    const done = await state.db.asUser(
      state.claims!,
      (tx) => moveStopTo(tx, routeId, stopId, lat.value, lon.value),
    );
    if (!done) throw routeNotFound();
    return c.redirect(`/operatore/trasporto/${routeId}?fermata=spostata#fermata-${stopId}`, 303);
  },
});
