/**
 * Attendance rules, pure: whether a mark may be recorded (enrolled that day, a service day, not in
 * the future, the cut-off for families), and how a mark meets the one already stored (the later
 * `marked_at` wins: offline devices sync late and must not overwrite a newer correction).
 *
 * @module
 */
import type { IsoDate } from "../calendar/dates.ts";
import { type DayStatus, describeClosed } from "../calendar/service_calendar.ts";

export const MARK_STATUSES = ["present", "absent", "cancelled"] as const;
export type MarkStatus = typeof MARK_STATUSES[number];
export const MEALS = ["standard", "white"] as const;
export type Meal = typeof MEALS[number];
export const SOURCES = ["teacher", "family", "operator", "api", "csv", "scan", "presumed"] as const;
export type Source = typeof SOURCES[number];

export type RejectCode =
  | "not_found"
  | "not_enrolled"
  | "closed_day"
  | "future"
  | "after_cutoff"
  | "not_presumed"
  | "invalid";

export interface Rejection {
  code: RejectCode;
  it: string;
  en: string;
}

/** What the database knows about the enrollment a mark is for. */
export interface EnrollmentFacts {
  starts_on: IsoDate;
  ends_on: IsoDate;
  withdrawn_on: IsoDate | null;
}

export interface MarkCheck {
  day: IsoDate;
  status: MarkStatus;
  source: Source;
  /** Today in Rome, and the Rome wall-clock time now as 'HH:MM'. */
  today: IsoDate;
  nowTime: string;
  /** The service's cut-off ('HH:MM'), when it has one (canteen). */
  cutoff: string | null;
  enrollment: EnrollmentFacts | null;
  dayStatus: DayStatus;
  /** A cancellation-flow change (cancel, pasto in bianco, undo) that may concern coming days. */
  ahead?: boolean;
}

const fmt = (d: IsoDate) => d.split("-").reverse().join("/");

/** Null when the mark may be recorded; otherwise why not, in both languages. */
export function checkMark(m: MarkCheck): Rejection | null {
  if (!m.enrollment) {
    return {
      code: "not_found",
      it: "Iscrizione non trovata o non di tua competenza.",
      en: "Enrollment not found or not yours to mark.",
    };
  }
  const last = m.enrollment.withdrawn_on ?? m.enrollment.ends_on;
  if (m.day < m.enrollment.starts_on || m.day > last) {
    return {
      code: "not_enrolled",
      it: `Il ${fmt(m.day)} il bambino non risulta iscritto al servizio.`,
      en: `On ${m.day} the child is not enrolled in the service.`,
    };
  }
  // Families (cancellations, pasto in bianco, undo) and the office may act on coming days;
  // a presence itself is recorded on the day.
  const ahead = m.ahead || m.source === "family" ||
    (m.status === "cancelled" && m.source !== "teacher");
  if (m.day > m.today && !ahead) {
    return {
      code: "future",
      it: `Non si può registrare una presenza per un giorno futuro (${fmt(m.day)}).`,
      en: `Attendance cannot be recorded for a future day (${m.day}).`,
    };
  }
  if (!m.dayStatus.open) {
    return {
      code: "closed_day",
      it: `Il ${fmt(m.day)} il servizio è chiuso: ${describeClosed(m.dayStatus.reason, "it")}.`,
      en: `On ${m.day} the service is closed: ${describeClosed(m.dayStatus.reason, "en")}.`,
    };
  }
  if (m.source === "family" && isAfterCutoff(m)) {
    return {
      code: "after_cutoff",
      it: `Le disdette per il ${
        fmt(m.day)
      } si accettano fino alle ${m.cutoff}: rivolgiti all'ufficio.`,
      en: `Cancellations for ${m.day} are accepted until ${m.cutoff}: contact the office.`,
    };
  }
  if (
    m.status === "cancelled" && m.source !== "family" && m.source !== "operator" &&
    m.source !== "api" && m.source !== "csv"
  ) {
    return {
      code: "invalid",
      it: "Solo la famiglia o l'ufficio (anche dai suoi sistemi) possono disdire un pasto.",
      en: "Only the family or the office (also through its systems) can cancel a meal.",
    };
  }
  return null;
}

/** True when a mark for `day` is made after that day's cut-off (or the day is past). */
export function isAfterCutoff(m: Pick<MarkCheck, "day" | "today" | "nowTime" | "cutoff">): boolean {
  if (m.day < m.today) return true;
  if (m.day > m.today || !m.cutoff) return false;
  return m.nowTime >= m.cutoff.slice(0, 5);
}

export interface StoredMark {
  status: MarkStatus;
  meal: Meal | null;
  marked_at: string;
  justified: boolean;
}

export type Resolution = "insert" | "update" | "unchanged" | "stale";

/**
 * How an incoming mark meets the stored one: the same facts → unchanged (duplicates are no-ops);
 * made earlier than the stored one → stale (kept out, reported to the device); otherwise update.
 */
export function resolve(
  stored: StoredMark | null,
  incoming: { status: MarkStatus; meal: Meal | null; marked_at: string },
): Resolution {
  if (!stored) return "insert";
  if (stored.status === incoming.status && (stored.meal ?? null) === (incoming.meal ?? null)) {
    return "unchanged";
  }
  return Date.parse(incoming.marked_at) < Date.parse(stored.marked_at) ? "stale" : "update";
}
