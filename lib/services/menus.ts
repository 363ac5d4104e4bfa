/**
 * Canteen menus: which week of the rotation applies on a date, and what is served that day.
 * Pure functions over a loaded menu.
 *
 * @module
 */

import { daysBetween, type IsoDate, isoWeekday } from "../calendar/dates.ts";
import type { AllergenCode } from "./allergens.ts";
import { type Course, COURSES } from "./labels.ts";

export interface MenuItem {
  /** Set on dishes read from the database. */
  id?: string;
  week: number;
  weekday: number;
  course: Course;
  position: number;
  dish: string;
  allergens: AllergenCode[];
}

export interface Menu {
  id: string;
  name: string;
  rotation_weeks: number;
  /** A Monday: the first day of week 1. */
  starts_on: IsoDate;
  ends_on: IsoDate | null;
  items: MenuItem[];
}

/** Week of the rotation (1…rotation_weeks) on `date`, or null outside the menu's dates. */
export function rotationWeek(
  menu: Pick<Menu, "rotation_weeks" | "starts_on" | "ends_on">,
  date: IsoDate,
) {
  if (date < menu.starts_on || (menu.ends_on && date > menu.ends_on)) return null;
  const weeks = Math.floor(daysBetween(menu.starts_on, date) / 7);
  return (weeks % menu.rotation_weeks) + 1;
}

/** The menu in force on `date` among several (they never overlap). */
export function menuOn<M extends Pick<Menu, "starts_on" | "ends_on">>(menus: M[], date: IsoDate) {
  return menus.find((m) => date >= m.starts_on && (!m.ends_on || date <= m.ends_on)) ?? null;
}

/** What is served on `date`, course by course in serving order. */
export function dishesOn(menu: Menu, date: IsoDate): MenuItem[] {
  const week = rotationWeek(menu, date);
  if (week === null) return [];
  const weekday = isoWeekday(date);
  return sortItems(menu.items.filter((i) => i.week === week && i.weekday === weekday));
}

/** Serving order: week, weekday, course (first, second, side…), position. */
export function sortItems(items: MenuItem[]): MenuItem[] {
  return [...items].sort((a, b) =>
    a.week - b.week || a.weekday - b.weekday ||
    COURSES.indexOf(a.course) - COURSES.indexOf(b.course) || a.position - b.position
  );
}

/** Every allergen of a day's dishes, without duplicates. */
export function allergensOf(items: MenuItem[]): AllergenCode[] {
  return [...new Set(items.flatMap((i) => i.allergens))];
}
