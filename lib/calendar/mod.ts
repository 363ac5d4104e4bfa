/**
 * Calendars of services: Italian national holidays (with Easter), regional school calendars,
 * and a service's own days, closures and breaks. Pure functions over `'YYYY-MM-DD'` dates
 * (Europe/Rome calendar days).
 *
 * @module
 */

export * from "./dates.ts";
export * from "./holidays.ts";
export * from "./school_calendar.ts";
export * from "./service_calendar.ts";
