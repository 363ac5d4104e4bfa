/**
 * A child's attendance for a month, as the family sees it, updated live: a mark or a
 * justification recorded at school arrives through the `child:<enrollment>` room and shows at
 * once; after a reconnection the month is reloaded from the server.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { type FamilyMark, mergeMark } from "../lib/attendance/roster_family.ts";
import { subscribe } from "./lib/live.ts";

export interface FamilyAttendanceProps {
  lang: "it" | "en";
  enrollmentId: string;
  month: string;
  marks: FamilyMark[];
}

const DAY = new Intl.DateTimeFormat("it-IT", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
});
const DAY_EN = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "long",
  day: "numeric",
  month: "long",
});
const STATUS: Record<string, [string, string, string]> = {
  present: ["Presente", "Present", "bg-success"],
  absent: ["Assente", "Absent", "bg-danger"],
  cancelled: ["Pasto disdetto", "Meal cancelled", "bg-warning"],
};

export default function FamilyAttendance(props: FamilyAttendanceProps) {
  const tr = (it: string, en: string) => props.lang === "en" ? en : it;
  const [marks, setMarks] = useState(props.marks);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const url = `/famiglie/presenze/${props.enrollmentId}?mese=${props.month}`;
    const reload = async () => {
      try {
        const res = await fetch(url, { headers: { accept: "application/json" } });
        if (res.ok) setMarks((await res.json()).marks);
      } catch { /* offline: the page keeps what it shows */ }
    };
    setLive(true);
    return subscribe(
      [`child:${props.enrollmentId}`],
      {
        "attendance.mark": (d: FamilyMark & { enrollment_id: string }) => {
          if (!d.day.startsWith(props.month)) return;
          setMarks((list) => {
            const old = list.find((m) => m.day === d.day);
            return mergeMark(list, {
              day: d.day,
              status: d.status,
              meal: d.meal,
              source: d.source,
              marked_at: d.marked_at,
              revision: d.revision,
              justified: d.status === "present" ? false : old?.justified ?? false,
              justification: d.status === "present" ? null : old?.justification ?? null,
              voided: false,
            });
          });
        },
        "attendance.justify": (d: { day: string; justification: string }) =>
          setMarks((list) =>
            list.map((m) =>
              m.day === d.day ? { ...m, justified: true, justification: d.justification } : m
            )
          ),
      },
      () => {},
      reload,
    );
  }, []);

  const present = marks.filter((m) => m.status === "present" && !m.voided).length;
  const absent = marks.filter((m) => m.status !== "present").length;
  return (
    <div>
      <p id="month-totals" aria-live="polite">
        {tr(`Presenze ${present} · Assenze ${absent}`, `Present ${present} · Absent ${absent}`)}
        {live && (
          <span class="small text-secondary">
            {tr(" · aggiornato in tempo reale", " · updated live")}
          </span>
        )}
      </p>
      {marks.length === 0
        ? (
          <p>
            {tr(
              "Nessuna presenza registrata in questo mese.",
              "No attendance recorded this month.",
            )}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table" id="attendance">
              <caption>{tr("Presenze del mese", "Attendance of the month")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Giorno", "Day")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                  <th scope="col">{tr("Note", "Notes")}</th>
                </tr>
              </thead>
              <tbody>
                {marks.map((m) => {
                  const [it, en, cls] = STATUS[m.status] ?? [m.status, m.status, "bg-secondary"];
                  const date = new Date(`${m.day}T00:00:00Z`);
                  return (
                    <tr key={m.day} data-day={m.day} data-status={m.status}>
                      <th scope="row">
                        {(props.lang === "en" ? DAY_EN : DAY).format(date)}
                      </th>
                      <td>
                        <span class={`badge ${cls}`}>{tr(it, en)}</span>
                        {m.meal === "white" && (
                          <span class="badge bg-light text-dark ms-1">
                            {tr("Pasto in bianco", "Plain meal")}
                          </span>
                        )}
                      </td>
                      <td>
                        {m.voided && tr("Giornata annullata dal Comune. ", "Day voided. ")}
                        {m.status !== "present" && (m.justified
                          ? tr(`Giustificata: ${m.justification}`, `Justified: ${m.justification}`)
                          : tr("Non giustificata", "Not justified"))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}
