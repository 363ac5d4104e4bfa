import { define, HttpError } from "../../../../../../lib/http/define.ts";
import { moveStop } from "../../../../../../lib/transport/mod.ts";
import { routeNotFound, uuidParam } from "../../../(_components)/fields.tsx";

/** Moves a stop one place earlier (`direzione=su`) or later (`giu`) along the route. */
export const handler = define.handlers({
  async POST(c) {
    const { db, claims } = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    const direction = String((await c.req.parseBody()).direzione ?? "");
    if (direction !== "su" && direction !== "giu") {
      throw new HttpError(422, "direzione deve essere «su» o «giu»", { code: "invalid_value" });
    }
    const moved = await db.asUser(
      claims!,
      (tx) => moveStop(tx, routeId, stopId, direction === "su" ? "up" : "down"),
    );
    if (!moved) throw routeNotFound();
    return c.redirect(`/operatore/trasporto/${routeId}?fermata=ordinata#fermata-${stopId}`, 303);
  },
});
