import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { romeDateOf } from "../../../../lib/calendar/dates.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { normalizeAllergens } from "../../../../lib/services/allergens.ts";
import { problemFrom } from "../../../../lib/services/api.ts";
import {
  addMenuItem,
  createMenu,
  deleteMenu,
  deleteMenuItem,
  listMenus,
} from "../../../../lib/services/canteen_db.ts";
import type { Service } from "../../../../lib/services/db.ts";
import { type Menu, menuOn } from "../../../../lib/services/menus.ts";
import {
  checkCourse,
  checkDate,
  checkDish,
  checkMenuName,
  checkMenuStart,
  checkRotationWeeks,
} from "../../../../lib/services/rules.ts";
import { type Body, field, fields, pageService, readBody } from "../(_components)/load.ts";
import { AddDishForm, MenuWeek, NewMenuForm } from "../(_components)/MenuParts.tsx";
import { ServiceHeader } from "../(_components)/ServiceHeader.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

type Form = Record<string, string | string[]>;
interface Data {
  service: Service;
  menus: Menu[];
  menu: Menu | null;
  week: number;
  form: Form;
  errors: FieldErrors;
}

async function canteen(c: Parameters<typeof pageService>[0]) {
  const r = await pageService(c);
  if (r.service.kind !== "canteen") {
    throw new HttpError(404, "Not a canteen", { code: "not_found" });
  }
  return r;
}

async function load(
  state: State,
  service: Service,
  menuId: string | null,
  week: number,
  form: Form,
  errors: FieldErrors,
): Promise<Data> {
  const menus = await state.db.asUser(state.claims!, (tx) => listMenus(tx, service.id));
  const menu = menus.find((m) => m.id === menuId) ?? menuOn(menus, romeDateOf()) ?? menus[0] ??
    null;
  return {
    service,
    menus,
    menu,
    week: menu ? Math.min(Math.max(1, week), menu.rotation_weeks) : 1,
    form,
    errors,
  };
}

type Outcome = { errors: FieldErrors; saved?: string; menu?: string; week?: number };

async function act(tx: Tx, state: State, service: Service, b: Body): Promise<Outcome> {
  const t = (p: { it: string; en: string }) => p[state.lang];
  const errors: FieldErrors = {};
  const menus = await listMenus(tx, service.id);
  const menu = menus.find((m) => m.id === field(b, "menu_id"));
  switch (field(b, "action")) {
    case "create_menu": {
      const name = checkMenuName(field(b, "menu_name"));
      const weeks = checkRotationWeeks(field(b, "menu_weeks"));
      const start = checkMenuStart(field(b, "menu_from"));
      const end = field(b, "menu_to") ? checkDate(field(b, "menu_to")) : null;
      if (!name.ok) errors.menu_name = t(name.problem);
      if (!weeks.ok) errors.menu_weeks = t(weeks.problem);
      if (!start.ok) errors.menu_from = t(start.problem);
      if (end && !end.ok) errors.menu_to = t(end.problem);
      else if (end?.ok && start.ok && end.value < start.value) {
        errors.menu_to = state.tr(
          "La fine non può precedere l'inizio.",
          "The end cannot come before the start.",
        );
      }
      if (Object.keys(errors).length || !name.ok || !weeks.ok || !start.ok) return { errors };
      const id = await createMenu(tx, service.id, {
        name: name.value,
        rotation_weeks: weeks.value,
        starts_on: start.value,
        ends_on: end?.ok ? end.value : null,
        items: [],
      });
      return { errors, saved: "menu", menu: id };
    }
    case "add_item": {
      if (!menu) return { errors, saved: "none" };
      const week = Number(field(b, "item_week"));
      const weekday = Number(field(b, "item_weekday"));
      const course = checkCourse(field(b, "item_course"));
      const dish = checkDish(field(b, "item_dish"));
      if (!(week >= 1 && week <= menu.rotation_weeks)) {
        errors.item_week = state.tr("Scegli la settimana.", "Choose the week.");
      }
      if (!(weekday >= 1 && weekday <= 7)) {
        errors.item_weekday = state.tr("Scegli il giorno.", "Choose the day.");
      }
      if (!course.ok) errors.item_course = t(course.problem);
      if (!dish.ok) errors.item_dish = t(dish.problem);
      if (Object.keys(errors).length || !course.ok || !dish.ok) return { errors };
      const position =
        menu.items.filter((i) =>
          i.week === week && i.weekday === weekday && i.course === course.value
        ).length;
      await addMenuItem(tx, menu.id, {
        week,
        weekday,
        course: course.value,
        dish: dish.value,
        position,
        allergens: normalizeAllergens(fields(b, "item_allergens")),
      });
      return { errors, saved: "piatto", menu: menu.id, week };
    }
    case "delete_item":
      if (menu && isUuid(field(b, "item_id"))) {
        await deleteMenuItem(tx, menu.id, field(b, "item_id"));
      }
      return { errors, saved: "piatto-tolto", menu: menu?.id, week: Number(field(b, "week")) || 1 };
    case "delete_menu":
      if (menu) await deleteMenu(tx, service.id, menu.id);
      return { errors, saved: "menu-tolto" };
  }
  return { errors, saved: "none" };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { state, service } = await canteen(c);
    return page(
      await load(
        state,
        service,
        c.req.query("menu") ?? null,
        Number(c.req.query("settimana")) || 1,
        {},
        {},
      ),
    );
  },
  async POST(c) {
    const { state, service } = await canteen(c);
    const body = await readBody(c);
    let out: Outcome;
    try {
      out = await state.db.asUser(state.claims!, (tx) => act(tx, state, service, body));
    } catch (e) {
      if (problemFrom(e)?.extra.code !== "overlap") throw e;
      out = {
        errors: {
          menu_from: state.tr(
            "Le date si sovrappongono a un altro menù del servizio.",
            "The dates overlap another menu of the service.",
          ),
        },
      };
    }
    if (!out.saved) {
      const form: Form = Object.fromEntries(
        Object.keys(body).map((
          k,
        ) => [k, k === "item_allergens" ? fields(body, k) : field(body, k)]),
      );
      const menuId = field(body, "menu_id") || null;
      return page(
        await load(state, service, menuId, Number(field(body, "item_week")) || 1, form, out.errors),
        { status: 422 },
      );
    }
    const q = new URLSearchParams({ salvato: out.saved });
    if (out.menu) q.set("menu", out.menu);
    if (out.week) q.set("settimana", String(out.week));
    return c.redirect(`/operatore/servizi/${service.id}/menu?${q}#settimana`, 303);
  },
});

const SAVED: Record<string, [string, string]> = {
  menu: [
    "Menù creato: aggiungi i piatti settimana per settimana.",
    "Menu created: add its dishes week by week.",
  ],
  piatto: ["Piatto aggiunto.", "Dish added."],
  "piatto-tolto": ["Piatto tolto.", "Dish removed."],
  "menu-tolto": ["Menù eliminato.", "Menu deleted."],
};

/** Canteen menus: the rotation week by week, every dish with its allergens. */
export default define.page<Data>(function Menus({ data, state, url }) {
  const { service, menu } = data;
  const base = `/operatore/servizi/${service.id}/menu`;
  const saved = SAVED[url.searchParams.get("salvato") ?? ""];
  const today = romeDateOf();
  return (
    <>
      <ServiceHeader state={state} service={service} tab="menus" />
      {saved && <Alert kind="success">{state.tr(...saved)}</Alert>}
      <ErrorSummary state={state} errors={data.errors} />
      {data.menus.length > 0 && (
        <nav aria-label={state.tr("Menù del servizio", "The service's menus")} class="mb-3">
          <ul class="list-inline">
            {data.menus.map((m) => (
              <li class="list-inline-item" key={m.id}>
                <a
                  href={`${base}?menu=${m.id}`}
                  class={`btn btn-sm ${m.id === menu?.id ? "btn-primary" : "btn-outline-primary"}`}
                  aria-current={m.id === menu?.id ? "page" : undefined}
                >
                  {m.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {menu
        ? (
          <>
            <h2 class="h4">{menu.name}</h2>
            <p>
              {state.tr(
                `Dal ${formatDate(state.lang, menu.starts_on)}`,
                `From ${formatDate(state.lang, menu.starts_on)}`,
              )}
              {menu.ends_on &&
                state.tr(
                  ` al ${formatDate(state.lang, menu.ends_on)}`,
                  ` to ${formatDate(state.lang, menu.ends_on)}`,
                )}
              {state.tr(
                `, a rotazione su ${menu.rotation_weeks} settimane.`,
                `, rotating over ${menu.rotation_weeks} weeks.`,
              )}
              {menuOn([menu], today) &&
                state.tr(" È il menù in vigore oggi.", " It is today's menu.")}
            </p>
            <MenuWeek state={state} base={base} menu={menu} week={data.week} />
            <AddDishForm
              state={state}
              base={base}
              menu={menu}
              week={data.week}
              form={data.form}
              errors={data.errors}
            />
            <form method="post" action={base} class="mt-4">
              <CsrfField state={state} />
              <input type="hidden" name="action" value="delete_menu" />
              <input type="hidden" name="menu_id" value={menu.id} />
              <button type="submit" class="btn btn-outline-danger">
                {state.tr(`Elimina il menù «${menu.name}»`, `Delete the menu “${menu.name}”`)}
              </button>
            </form>
          </>
        )
        : (
          <p role="status">
            {state.tr("Il servizio non ha ancora menù.", "The service has no menus yet.")}
          </p>
        )}
      <NewMenuForm state={state} base={base} form={data.form} errors={data.errors} />
    </>
  );
});
