/**
 * What the provider's and the office's meal boards share: which service and day a request asks
 * for (`?servizio=&giorno=`), the board with its live rooms, and the CSV download.
 *
 * @module
 */
import { romeDateOf } from "../calendar/dates.ts";
import type { Ctx } from "../http/define.ts";
import { HttpError } from "../http/define.ts";
import { rooms } from "../realtime/emit.ts";
import { countsCsv } from "./meal_counts.ts";
import { boardJson, type MealCountsJson } from "./meal_counts_api.ts";
import { loadDayBoard, type MealService, mealServices } from "./meal_counts_db.ts";

export interface BoardPage {
  services: MealService[];
  day: string;
  board: MealCountsJson | null;
  rooms: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The board of `?servizio` (the first service by default) on `?giorno` (today, Rome). */
export async function loadBoardPage(
  c: Ctx,
  opts: { serviceRoom: boolean; service?: string; day?: string },
): Promise<BoardPage> {
  const { db, claims } = c.get("state");
  const q = opts.day ?? c.req.query("giorno") ?? "";
  const day = DAY.test(q) && !Number.isNaN(Date.parse(q)) ? q : romeDateOf();
  return await db.asUser(claims!, async (tx) => {
    const services = await mealServices(tx);
    const wanted = opts.service ?? c.req.query("servizio");
    const service = services.find((s) => s.id === wanted) ?? services[0];
    if (!service) return { services, day, board: null, rooms: [] };
    const b = await loadDayBoard(tx, service.id, day);
    if (!b) return { services, day, board: null, rooms: [] };
    const siteRooms = b.live.sites.flatMap((s) => s.site_id ? [rooms.siteMeals(s.site_id)] : []);
    return {
      services,
      day,
      board: boardJson(b),
      rooms: opts.serviceRoom ? [rooms.serviceMeals(service.id), ...siteRooms] : siteRooms,
    };
  });
}

/** The counts of `?servizio` on `?giorno` as a CSV download. */
export async function boardCsv(c: Ctx): Promise<Response> {
  const page = await loadBoardPage(c, { serviceRoom: false });
  if (!page.board) throw new HttpError(404, "Servizio mensa non trovato");
  const b = page.board;
  const csv = countsCsv({
    mode: b.service.attendance_mode,
    closed: b.closed,
    totals: b.totals,
    sites: b.sites,
    diet_names: b.diet_names,
  }, { service: b.service.title, day: b.day });
  return new Response("\uFEFF" + csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition":
        `attachment; filename="pasti-${b.service.code.toLowerCase()}-${b.day}.csv"`,
    },
  });
}
