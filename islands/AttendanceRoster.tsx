/**
 * The class roster for a day, phone-first. Without JavaScript every button is a plain form posting
 * to the class's `segna` endpoint. Enhanced: a tap is queued in IndexedDB with the device time
 * ("da inviare"), sent at once when online, again when the network comes back or the page is
 * reopened, and the teacher sees per child what the server did with it. Marks made on other
 * devices arrive live through the `class:<id>` room.
 *
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { allPresentMarks, countRoster, lineStatus } from "../lib/attendance/roster_rules.ts";
import type { RosterChild, RosterMark } from "../lib/attendance/roster_rules.ts";
import {
  connectionLabel,
  type ConnectionState,
  onConnectionChange,
  subscribe,
} from "./lib/live.ts";
import {
  enqueue,
  markKey,
  openQueue,
  type Outcome,
  pendingFor,
  type QueuedMark,
  type QueueStore,
  type ServerResult,
  settle,
} from "./lib/offline_queue.ts";

export interface RosterServiceProps {
  id: string;
  title: string;
  kind: string;
  day_status: { open: true } | { open: false; label: string };
  children: RosterChild[];
}

export interface AttendanceRosterProps {
  lang: "it" | "en";
  csrf: string;
  classId: string;
  day: string;
  services: RosterServiceProps[];
}

const TIME = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  day: "2-digit",
  month: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
const SOURCES: Record<string, [string, string]> = {
  teacher: ["docente", "teacher"],
  family: ["famiglia", "family"],
  operator: ["ufficio", "office"],
  api: ["gestionale (API)", "system (API)"],
  csv: ["file CSV", "CSV file"],
  scan: ["lettura QR", "QR scan"],
  presumed: ["presenza presunta", "presumed"],
};

export default function AttendanceRoster(props: AttendanceRosterProps) {
  const { lang, classId, day } = props;
  const tr = (it: string, en: string) => lang === "en" ? en : it;
  const [services, setServices] = useState(props.services);
  const [queue, setQueue] = useState<QueuedMark[]>([]);
  const [outcomes, setOutcomes] = useState<Map<string, Outcome>>(new Map());
  const [enhanced, setEnhanced] = useState(false);
  const [conn, setConn] = useState<ConnectionState>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const store = useRef<QueueStore | null>(null);
  const queueRef = useRef<QueuedMark[]>([]);
  const syncing = useRef(false);
  const segna = `/docenti/classi/${classId}/segna`;

  const setQ = (q: QueuedMark[]) => {
    queueRef.current = q;
    setQueue(q);
  };

  async function reload() {
    try {
      const res = await fetch(`/docenti/classi/${classId}?giorno=${day}`, {
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      if (res.ok) setServices((await res.json()).services);
    } catch { /* offline: keep what is shown, the queue says what waits */ }
  }

  async function sync() {
    const sent = queueRef.current.filter((q) => q.class_id === classId);
    if (syncing.current || sent.length === 0) return;
    syncing.current = true;
    try {
      const res = await fetch(segna, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-csrf-token": props.csrf,
        },
        body: JSON.stringify({
          marks: sent.map((m) => ({
            enrollment_id: m.enrollment_id,
            day: m.day,
            status: m.status,
            meal: m.meal,
            marked_at: m.marked_at,
          })),
        }),
      });
      if (!res.ok) {
        setProblem(
          res.status === 401 || res.status === 403
            ? tr(
              "La sessione è scaduta: accedi di nuovo, le presenze da inviare restano salvate.",
              "Your session expired: sign in again, the marks waiting are kept.",
            )
            : tr(
              `Invio non riuscito (errore ${res.status}): riproveremo.`,
              `Sending failed (error ${res.status}): we will retry.`,
            ),
        );
        return;
      }
      setProblem(null);
      const body = await res.json() as { results: ServerResult[] };
      const done = settle(queueRef.current, sent, body.results);
      for (const m of sent) await store.current?.remove(m);
      setQ(done.queue);
      setOutcomes((prev) => {
        const next = new Map(prev);
        for (const o of done.outcomes) next.set(o.key, o);
        return next;
      });
      await reload();
    } catch {
      // No network: the marks stay queued until the browser is back online.
    } finally {
      syncing.current = false;
    }
  }

  useEffect(() => {
    setEnhanced(true);
    // The service worker keeps this page and its bundle for use without network (static/sw.js).
    navigator.serviceWorker?.register("/static/sw.js", { scope: "/" }).catch(() => {});
    let stopped = false;
    (async () => {
      try {
        store.current = await openQueue();
        if (!stopped) setQ(await store.current.all());
      } catch { /* private mode without IndexedDB: the queue lives in memory */ }
      if (!stopped) await sync();
    })();
    const live = subscribe(
      [`class:${classId}`],
      {
        "attendance.mark": (d: LiveMark) => d.day === day && applyLive(d),
        "attendance.justify": (d: LiveJustify) => d.day === day && applyJustify(d),
      },
      () => sync(),
      () => reload(),
    );
    const stopConn = onConnectionChange(setConn);
    const online = () => sync();
    addEventListener("online", online);
    return () => {
      stopped = true;
      live();
      stopConn();
      removeEventListener("online", online);
    };
  }, []);

  interface LiveMark {
    enrollment_id: string;
    day: string;
    status: RosterMark["status"];
    meal: RosterMark["meal"];
    marked_at: string;
    revision: number;
    source: string;
    after_cutoff: boolean;
  }
  interface LiveJustify {
    enrollment_id: string;
    day: string;
    justification: string;
    justified_at: string;
  }
  const update = (id: string, f: (c: RosterChild) => RosterChild) =>
    setServices((ss) =>
      ss.map((s) => ({
        ...s,
        children: s.children.map((c) => c.enrollment_id === id ? f(c) : c),
      }))
    );
  function applyLive(d: LiveMark) {
    update(d.enrollment_id, (c) => {
      if (c.mark && c.mark.revision >= d.revision) return c;
      return {
        ...c,
        mark: {
          status: d.status,
          meal: d.meal,
          source: d.source,
          marked_at: d.marked_at,
          recorded_at: new Date().toISOString(),
          recorded_by_name: null,
          revision: d.revision,
          after_cutoff: d.after_cutoff,
          justified: d.status === "present" ? false : c.mark?.justified ?? false,
          justification: d.status === "present" ? null : c.mark?.justification ?? null,
          justified_by_name: c.mark?.justified_by_name ?? null,
          justified_at: c.mark?.justified_at ?? null,
          voided: false,
        },
      };
    });
  }
  function applyJustify(d: LiveJustify) {
    update(d.enrollment_id, (c) =>
      c.mark
        ? {
          ...c,
          mark: {
            ...c.mark,
            justified: true,
            justification: d.justification,
            justified_at: d.justified_at,
          },
        }
        : c);
  }

  async function tap(marks: Omit<QueuedMark, "key" | "class_id">[]) {
    let q = queueRef.current;
    for (const m of marks) {
      const entry: QueuedMark = { ...m, key: markKey(m.enrollment_id, m.day), class_id: classId };
      q = enqueue(q, entry);
      await store.current?.put(entry).catch(() => {});
    }
    setQ(q);
    setOutcomes((prev) => {
      const next = new Map(prev);
      for (const m of marks) next.delete(markKey(m.enrollment_id, m.day));
      return next;
    });
    await sync();
  }

  function onMark(e: Event, child: RosterChild) {
    e.preventDefault();
    const action = ((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    if (action !== "present" && action !== "absent" && action !== "white") return;
    tap([{
      enrollment_id: child.enrollment_id,
      day,
      status: action === "absent" ? "absent" : "present",
      meal: action === "absent" ? null : action === "white" ? "white" : "standard",
      marked_at: new Date().toISOString(),
    }]);
  }

  function onAllPresent(e: Event, s: RosterServiceProps) {
    e.preventDefault();
    const pending = pendingFor(queueRef.current, classId, day);
    const unmarked = s.children.filter((c) => !pending.has(c.enrollment_id));
    const at = new Date().toISOString();
    tap(
      allPresentMarks(unmarked, day, at).map((m) => ({
        enrollment_id: m.enrollment_id,
        day,
        status: m.status as "present" | "absent",
        meal: m.status === "present" ? "standard" : null,
        marked_at: at,
      })),
    );
  }

  const pending = pendingFor(queue, classId, day);
  const waiting = queue.filter((q) => q.class_id === classId).length;

  return (
    <div class="attendance-roster">
      {enhanced && (
        <p class="small mb-2" aria-live="polite">
          <span class={`badge ${conn === "online" ? "bg-success" : "bg-secondary"} me-2`}>
            {connectionLabel(conn, lang)}
          </span>
          {waiting > 0 && (
            <span id="queue-status">
              {tr(`${waiting} da inviare`, `${waiting} waiting to be sent`)}
            </span>
          )}
        </p>
      )}
      {problem && <div class="alert alert-warning" role="alert">{problem}</div>}
      {services.map((s) => {
        const counts = countRoster(s.children);
        const open = s.day_status.open;
        return (
          <section key={s.id} aria-labelledby={`svc-${s.id}`} class="mb-4">
            <h2 id={`svc-${s.id}`} class="h4">{s.title}</h2>
            <p class="mb-2" id={`counts-${s.id}`}>
              {tr(
                `Presenti ${counts.present} · Assenti ${counts.absent} · Da segnare ${counts.unmarked} su ${counts.total}`,
                `Present ${counts.present} · Absent ${counts.absent} · To mark ${counts.unmarked} of ${counts.total}`,
              )}
              {counts.white_meals > 0 &&
                tr(
                  ` · Pasti in bianco ${counts.white_meals}`,
                  ` · Plain meals ${counts.white_meals}`,
                )}
            </p>
            {!s.day_status.open
              ? (
                <div class="alert alert-info" role="status">
                  {tr("Servizio chiuso: ", "Service closed: ")}
                  {s.day_status.label}
                </div>
              )
              : (
                <form
                  method="post"
                  action={segna}
                  class="mb-3"
                  onSubmit={(e) => onAllPresent(e, s)}
                >
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <input type="hidden" name="day" value={day} />
                  <input type="hidden" name="service_id" value={s.id} />
                  <button
                    type="submit"
                    name="action"
                    value="all_present"
                    class="btn btn-primary btn-lg w-100"
                  >
                    {tr("Tutti presenti", "All present")}
                    <span class="visually-hidden">— {s.title}</span>
                  </button>
                  <span class="form-text d-block">
                    {tr(
                      "Segna presenti i bambini non ancora segnati (assenti quelli con un'assenza programmata).",
                      "Marks present the children not marked yet (absent those with a planned absence).",
                    )}
                  </span>
                </form>
              )}
            <ul
              class="list-unstyled"
              aria-label={tr(`Bambini: ${s.title}`, `Children: ${s.title}`)}
            >
              {s.children.map((c) => (
                <ChildLine
                  key={c.enrollment_id}
                  c={c}
                  s={s}
                  open={open}
                  pending={pending.get(c.enrollment_id)}
                  outcome={outcomes.get(markKey(c.enrollment_id, day))}
                  onMark={onMark}
                  props={props}
                  tr={tr}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function ChildLine({ c, s, open, pending, outcome, onMark, props, tr }: {
  c: RosterChild;
  s: RosterServiceProps;
  open: boolean;
  pending?: QueuedMark;
  outcome?: Outcome;
  onMark: (e: Event, c: RosterChild) => void;
  props: AttendanceRosterProps;
  tr: (it: string, en: string) => string;
}) {
  const status = pending ? pending.status : lineStatus(c);
  const meal = pending ? pending.meal : c.mark?.meal ?? null;
  const name = `${c.surname} ${c.name}`;
  const id = c.enrollment_id;
  const label: Record<string, [string, string, string]> = {
    present: ["Presente", "Present", "bg-success"],
    absent: ["Assente", "Absent", "bg-danger"],
    cancelled: ["Pasto disdetto", "Meal cancelled", "bg-warning"],
    planned: ["Assenza programmata", "Planned absence", "bg-warning"],
    unmarked: ["Da segnare", "To mark", "bg-secondary"],
  };
  const [it, en, cls] = label[status];
  const m = c.mark;
  return (
    <li class="card card-bg mb-2" data-enrollment={id} data-status={status}>
      <div class="card-body p-3">
        <h3 class="h5 mb-1" id={`child-${id}`}>{name}</h3>
        <p class="mb-2">
          <span class={`badge ${cls} me-1`} data-testid="status">{tr(it, en)}</span>
          {meal === "white" && (
            <span class="badge bg-light text-dark me-1">{tr("Pasto in bianco", "Plain meal")}</span>
          )}
          {pending && (
            <span class="badge bg-info me-1" data-testid="pending">
              {tr("da inviare", "waiting to be sent")}
            </span>
          )}
          {c.diet && (
            <span class="badge bg-primary me-1">
              {tr("Dieta", "Diet")}: {c.diet.name}
            </span>
          )}
        </p>
        {status === "planned" && c.planned && (
          <p class="small mb-2">
            {tr("Assenza programmata", "Planned absence")}: {c.planned.reason}
          </p>
        )}
        {outcome && (
          <p
            class={`small mb-2 ${
              outcome.kind === "rejected" || outcome.kind === "stale"
                ? "text-danger"
                : "text-success"
            }`}
            role={outcome.kind === "rejected" || outcome.kind === "stale" ? "alert" : "status"}
            data-testid="outcome"
          >
            {tr(outcome.it, outcome.en)}
          </p>
        )}
        {open && (
          <form
            method="post"
            action={`/docenti/classi/${props.classId}/segna`}
            class="d-flex flex-wrap gap-2"
            onSubmit={(e) => onMark(e, c)}
          >
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="enrollment_id" value={id} />
            <input type="hidden" name="day" value={props.day} />
            <button
              type="submit"
              name="action"
              value="present"
              class={`btn btn-lg ${status === "present" ? "btn-success" : "btn-outline-success"}`}
              aria-pressed={status === "present" ? "true" : "false"}
            >
              {tr("Presente", "Present")}
              <span class="visually-hidden">: {name}</span>
            </button>
            <button
              type="submit"
              name="action"
              value="absent"
              class={`btn btn-lg ${status === "absent" ? "btn-danger" : "btn-outline-danger"}`}
              aria-pressed={status === "absent" ? "true" : "false"}
            >
              {tr("Assente", "Absent")}
              <span class="visually-hidden">: {name}</span>
            </button>
            {s.kind === "canteen" && (
              <button
                type="submit"
                name="action"
                value="white"
                class={`btn btn-lg ${meal === "white" ? "btn-secondary" : "btn-outline-secondary"}`}
                aria-pressed={meal === "white" ? "true" : "false"}
              >
                {tr("Pasto in bianco", "Plain meal")}
                <span class="visually-hidden">: {name}</span>
              </button>
            )}
          </form>
        )}
        {m && (
          <p class="small text-secondary mt-2 mb-0" data-testid="last-change">
            {m.revision > 1 ? tr("Ultima modifica", "Last change") : tr("Segnata", "Marked")}{" "}
            {TIME.format(new Date(m.marked_at))} ·{" "}
            {tr(...(SOURCES[m.source] ?? [m.source, m.source]))}
            {m.recorded_by_name ? ` (${m.recorded_by_name})` : ""} ·{" "}
            {tr(`revisione ${m.revision}`, `revision ${m.revision}`)}
            {m.after_cutoff ? tr(" · dopo l'orario limite", " · after the cut-off") : ""}
          </p>
        )}
        {m && m.status !== "present" && !pending && (
          m.justified
            ? (
              <p class="small mt-1 mb-0" data-testid="justified">
                {tr("Giustificata", "Justified")}: {m.justification}
                {m.justified_at &&
                  ` (${m.justified_by_name ?? ""} ${TIME.format(new Date(m.justified_at))})`}
              </p>
            )
            : (
              <details class="mt-2">
                <summary>{tr("Giustifica l'assenza", "Justify the absence")}</summary>
                <form
                  method="post"
                  action={`/docenti/classi/${props.classId}/giustifica`}
                  class="mt-2"
                >
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <input type="hidden" name="enrollment_id" value={id} />
                  <input type="hidden" name="day" value={props.day} />
                  <div class="form-group mb-2">
                    <label for={`just-${id}`} class="active">
                      {tr("Motivo della giustificazione", "Reason")}
                    </label>
                    <input
                      id={`just-${id}`}
                      name="text"
                      type="text"
                      class="form-control"
                      required
                      minLength={3}
                      maxLength={1000}
                    />
                  </div>
                  <button type="submit" class="btn btn-outline-primary">
                    {tr("Salva giustificazione", "Save justification")}
                    <span class="visually-hidden">: {name}</span>
                  </button>
                </form>
              </details>
            )
        )}
      </div>
    </li>
  );
}
