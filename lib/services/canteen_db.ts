/**
 * Data access for the canteen: the daily attendance communication, diet types (staff only:
 * health data once tied to a child) and menus with their dishes and allergens.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { type AllergenCode, normalizeAllergens } from "./allergens.ts";
import type { Course, DietKind } from "./labels.ts";
import { type Menu, type MenuItem, sortItems } from "./menus.ts";

export interface CanteenSettings {
  attendance_cutoff: string;
  attendance_recipients: string[];
}

export const DEFAULT_CANTEEN_SETTINGS: CanteenSettings = {
  attendance_cutoff: "09:30",
  attendance_recipients: [],
};

export interface Diet {
  id: string;
  code: string;
  name: string;
  kind: DietKind;
  certificate_required: boolean;
  description: string | null;
  active: boolean;
}

export type DietValues = Omit<Diet, "id">;

export async function getCanteenSettings(tx: Tx, serviceId: string): Promise<CanteenSettings> {
  const [row] = await tx.query<CanteenSettings>(
    `select to_char(attendance_cutoff, 'HH24:MI') as attendance_cutoff, attendance_recipients
       from public.canteen_settings where tenant_id = app.tenant_id() and service_id = $1`,
    [serviceId],
  );
  return row ?? DEFAULT_CANTEEN_SETTINGS;
}

export async function saveCanteenSettings(tx: Tx, serviceId: string, s: CanteenSettings) {
  await tx.query(
    `insert into public.canteen_settings (tenant_id, service_id, attendance_cutoff, attendance_recipients)
     values (app.tenant_id(), $1, $2::time, $3::text[])
     on conflict (tenant_id, service_id) do update
       set attendance_cutoff = excluded.attendance_cutoff,
           attendance_recipients = excluded.attendance_recipients, updated_at = now()`,
    [serviceId, s.attendance_cutoff, s.attendance_recipients],
  );
}

const DIET_COLUMNS = "id, code, name, kind, certificate_required, description, active";

export async function listDiets(tx: Tx, serviceId: string): Promise<Diet[]> {
  return await tx.query<Diet>(
    `select ${DIET_COLUMNS} from public.canteen_diets
      where tenant_id = app.tenant_id() and service_id = $1
      order by active desc, kind, name`,
    [serviceId],
  );
}

export async function getDiet(tx: Tx, serviceId: string, id: string): Promise<Diet | null> {
  const [row] = await tx.query<Diet>(
    `select ${DIET_COLUMNS} from public.canteen_diets
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2`,
    [serviceId, id],
  );
  return row ?? null;
}

export async function addDiet(tx: Tx, serviceId: string, d: DietValues): Promise<Diet> {
  const [row] = await tx.query<Diet>(
    `insert into public.canteen_diets
       (tenant_id, service_id, code, name, kind, certificate_required, description, active)
     values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7) returning ${DIET_COLUMNS}`,
    [serviceId, d.code, d.name, d.kind, d.certificate_required, d.description, d.active],
  );
  return row;
}

/** Changes a diet type; null when it is not one of the service's. */
export async function updateDiet(
  tx: Tx,
  serviceId: string,
  id: string,
  d: DietValues,
): Promise<Diet | null> {
  const [row] = await tx.query<Diet>(
    `update public.canteen_diets
        set code = $3, name = $4, kind = $5, certificate_required = $6, description = $7,
            active = $8
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2
      returning ${DIET_COLUMNS}`,
    [serviceId, id, d.code, d.name, d.kind, d.certificate_required, d.description, d.active],
  );
  return row ?? null;
}

interface MenuRow {
  id: string;
  name: string;
  rotation_weeks: number;
  starts_on: string;
  ends_on: string | null;
  items: MenuItem[] | null;
}

/** The menus of a service with their dishes, earliest first. */
export async function listMenus(tx: Tx, serviceId: string): Promise<Menu[]> {
  const rows = await tx.query<MenuRow>(
    `select m.id, m.name, m.rotation_weeks::int as rotation_weeks, m.starts_on, m.ends_on,
            (select jsonb_agg(jsonb_build_object('id', i.id, 'week', i.week, 'weekday', i.weekday,
                     'course', i.course, 'position', i.position, 'dish', i.dish,
                     'allergens', to_jsonb(i.allergens)))
               from public.canteen_menu_items i
              where i.tenant_id = m.tenant_id and i.menu_id = m.id) as items
       from public.canteen_menus m
      where m.tenant_id = app.tenant_id() and m.service_id = $1
      order by m.starts_on`,
    [serviceId],
  );
  return rows.map((r) => ({ ...r, items: sortItems(r.items ?? []) }));
}

export async function getMenu(tx: Tx, serviceId: string, id: string): Promise<Menu | null> {
  return (await listMenus(tx, serviceId)).find((m) => m.id === id) ?? null;
}

export interface MenuValues {
  name: string;
  rotation_weeks: number;
  starts_on: string;
  ends_on: string | null;
  items: {
    week: number;
    weekday: number;
    course: Course;
    position?: number;
    dish: string;
    allergens: AllergenCode[];
  }[];
}

async function insertItems(tx: Tx, menuId: string, items: MenuValues["items"]) {
  for (const [n, i] of items.entries()) {
    await tx.query(
      `insert into public.canteen_menu_items
         (tenant_id, menu_id, week, weekday, course, position, dish, allergens)
       values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7::text[])`,
      [
        menuId,
        i.week,
        i.weekday,
        i.course,
        i.position ?? n,
        i.dish,
        normalizeAllergens(i.allergens),
      ],
    );
  }
}

/** Creates a menu with its dishes; overlapping menus are refused by the database (23P01). */
export async function createMenu(tx: Tx, serviceId: string, v: MenuValues): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.canteen_menus (tenant_id, service_id, name, rotation_weeks, starts_on, ends_on)
     values (app.tenant_id(), $1, $2, $3, $4, $5) returning id`,
    [serviceId, v.name, v.rotation_weeks, v.starts_on, v.ends_on],
  );
  await insertItems(tx, row.id, v.items);
  return row.id;
}

/** Replaces a menu's header and dishes; false when it is not one of the service's. */
export async function replaceMenu(
  tx: Tx,
  serviceId: string,
  id: string,
  v: MenuValues,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.canteen_menus set name = $3, rotation_weeks = $4, starts_on = $5, ends_on = $6
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2 returning id`,
    [serviceId, id, v.name, v.rotation_weeks, v.starts_on, v.ends_on],
  );
  if (!rows.length) return false;
  await tx.query(
    "delete from public.canteen_menu_items where tenant_id = app.tenant_id() and menu_id = $1",
    [id],
  );
  await insertItems(tx, id, v.items);
  return true;
}

export async function deleteMenu(tx: Tx, serviceId: string, id: string): Promise<boolean> {
  const rows = await tx.query(
    `delete from public.canteen_menus
      where tenant_id = app.tenant_id() and service_id = $1 and id = $2 returning id`,
    [serviceId, id],
  );
  return rows.length > 0;
}

/** Adds one dish to a menu (the page's "add a dish" form). */
export async function addMenuItem(
  tx: Tx,
  menuId: string,
  i: MenuValues["items"][number],
): Promise<void> {
  await insertItems(tx, menuId, [{ ...i, position: i.position ?? 0 }]);
}

export async function deleteMenuItem(tx: Tx, menuId: string, itemId: string): Promise<boolean> {
  const rows = await tx.query(
    `delete from public.canteen_menu_items
      where tenant_id = app.tenant_id() and menu_id = $1 and id = $2 returning id`,
    [menuId, itemId],
  );
  return rows.length > 0;
}
