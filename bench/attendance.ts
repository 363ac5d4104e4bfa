/**
 * Attendance at the scale of a whole Ente (issue 5 targets): 200 classes × 25 children enrolled
 * in the canteen, a teacher per class, e-registers with API keys, in a scratch database on the
 * DATABASE_URL server, with the real app (`main.ts`, served by lib/realtime/server.ts) in its own
 * process.
 *
 * (a) 10,000 marks in one minute through `POST /api/v1/attendance`, open loop (latency counts from
 *     each request's scheduled moment): first as e-registers send them, one class per request,
 *     then one mark per request. Target p99 < 100 ms per request. Then the database is checked:
 *     every mark stored as sent (none lost), and the batches sent again all answer `unchanged`.
 * (b) Meanwhile N families are connected with socket.io-client to their child's room: the time
 *     from sending a mark to the family's socket receiving it. Target p99 < 1 s.
 * (c) Meal counts for 500 classes (bench/meal_counts.ts). Target < 1 s.
 *
 * Standalone: `DATABASE_URL=postgres://… deno task bench:attendance` (skipped with a line when
 * unset). Knobs: ATT_CLASSES (200), ATT_PER_CLASS (25), ATT_FAMILIES (200), ATT_WINDOW_S (60),
 * ATT_CONCURRENCY (128 requests in flight), ATT_KEYS (4 API keys).
 */
import type { Socket } from "socket.io-client";
import { type ApiScope, authenticateApiKey, createApiKey } from "../lib/auth/api_keys.ts";
import { randomToken, signSession } from "../lib/auth/tokens.ts";
import { addDays, romeDateOf } from "../lib/calendar/dates.ts";
import { isServiceDay } from "../lib/calendar/service_calendar.ts";
import { migrate } from "../lib/db/migrate.ts";
import { openPostgres } from "../lib/db/postgres.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { connectClient, join } from "../lib/realtime/testing.ts";
import { DEMO_TENANT, seedDemo } from "../lib/seed/demo.ts";
import { loadServiceCalendar } from "../lib/services/calendar_db.ts";
import { recordMarks } from "../lib/attendance/marks.ts";
import { cleanupAll, onCleanup, tempDir } from "./cleanup.ts";
import { cpuMeter } from "./cpu.ts";
import { percentile } from "./load.ts";
import { benchMealCounts, type MealCountsBench } from "./meal_counts.ts";
import { createScratchDb, redact } from "./postgres.ts";
import { killChildrenOnUnload, spawnDeno, stopAll, timeUntilReady } from "./spawn.ts";

const REQUEST_P99_TARGET_MS = 100;
const SOCKET_P99_TARGET_MS = 1000;

const num = (name: string, fallback: number) => Number(Deno.env.get(name) ?? fallback);
const log0 = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Mark {
  enrollment_id: string;
  day: string;
  status: "present" | "absent";
  meal: "standard" | "white" | null;
  marked_at?: string;
}

interface Ente {
  enrollments: { id: string; class_id: string }[];
  classIds: string[];
  families: { enrollmentId: string; cookie: string }[];
  keys: string[];
  days: string[];
}

export interface Phase {
  label: string;
  requests: number;
  marks: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  serverCpuPct: number | null;
}

export interface AttendanceResult {
  classes: number;
  children: number;
  families: number;
  windowSeconds: number;
  phases: Phase[];
  checks: {
    expected: number;
    stored: number;
    lost: number;
    wrong: number;
    rejected: number;
    retried: number;
    retryUnchanged: number;
  };
  socket: {
    samples: number;
    missing: number;
    p50: number;
    p95: number;
    p99: number;
    max: number;
  };
  /** Socket latency p99 per phase, in phase order. */
  socketP99ByPhase: number[];
  /** One mark alone, sequential, medians in ms: where a request's time goes. */
  breakdownMs: Record<string, number>;
  mealCounts: MealCountsBench;
  targets: { requestP99Ms: number; socketP99Ms: number; mealCountsMs: number };
}

/** Classes, teachers, children with their families, canteen enrollments, API keys. */
async function prepare(db: Db, opts: {
  classes: number;
  perClass: number;
  families: number;
  keys: number;
  secret: Uint8Array;
}): Promise<Ente> {
  const [t] = await db.asOwner((tx) =>
    tx.query<{ id: string; name: string; year: string; service: string; admin: string }>(
      `select t.id, t.name,
              (select id from public.school_years where tenant_id = t.id and label = '2026/27')
                as year,
              (select id from public.services where tenant_id = t.id and code = 'MENSA')
                as service,
              (select u.id from public.users u
                 join public.memberships m on m.user_id = u.id and m.tenant_id = t.id
                where m.role = 'admin' order by u.email limit 1) as admin
         from public.tenants t where t.istat_code = $1`,
      [DEMO_TENANT.istatCode],
    )
  );
  const n = opts.classes * opts.perClass;
  const stride = Math.max(1, Math.floor(n / opts.families));
  const out = await db.asOwner(async (tx) => {
    const audited = ["people", "households", "household_members", "enrollments"];
    for (const tbl of audited) {
      await tx.query(`alter table public.${tbl} disable trigger ${tbl}_audit`);
    }
    const classes = await tx.query<{ id: string }>(
      `with s as (select id, row_number() over (order by id) - 1 as k, count(*) over () as n
                    from public.sites where tenant_id = $1)
       insert into public.classes (tenant_id, school_year_id, site_id, name, school_level, grade,
         capacity)
       select $1, $2, s.id, 'Bench ' || lpad(g::text, 4, '0'), 'primaria', 1 + g % 5, 30
         from generate_series(0, $3 - 1) g join s on s.k = g % s.n
       returning id`,
      [t.id, t.year, opts.classes],
    );
    const classIds = classes.map((c) => c.id).sort();
    await tx.query(
      `insert into public.users (email, full_name)
       select 'docente' || g || '@bench.example', 'Docente Bench ' || g
         from generate_series(0, $1 - 1) g`,
      [opts.classes],
    );
    await tx.query(
      `insert into public.memberships (tenant_id, user_id, role)
       select $1, id, 'teacher' from public.users where email like 'docente%@bench.example'`,
      [t.id],
    );
    await tx.query(
      `insert into public.class_teachers (tenant_id, class_id, user_id)
       select $1, c.id, u.id
         from unnest($2::uuid[]) with ordinality c(id, k)
         join public.users u on u.email = 'docente' || (c.k - 1) || '@bench.example'`,
      [t.id, classIds],
    );
    // Child i (class i / perClass) with household i and parent i; every `stride`-th parent has
    // a user account (they follow their child live), so the followed children span the classes.
    await tx.query(
      `insert into public.users (email, full_name)
       select 'famiglia' || g || '@bench.example', 'Genitore Bench ' || g
         from generate_series(0, $1 - 1, $2) g limit $3`,
      [n, stride, opts.families],
    );
    await tx.query(
      `insert into public.memberships (tenant_id, user_id, role)
       select $1, id, 'family' from public.users where email like 'famiglia%@bench.example'`,
      [t.id],
    );
    const rows = await tx.query<{ i: number; enrollment_id: string; user_id: string | null }>(
      `with h as (
         insert into public.households (tenant_id, name, external_code)
         select $1, 'Famiglia Bench ' || g, 'BENCH-' || g from generate_series(0, $2 - 1) g
         returning id, substr(external_code, 7)::int as i),
       parent as (
         insert into public.people (tenant_id, surname, name, sex, birth_date, kinds, user_id,
           email, resident)
         select $1, 'Bench', 'Genitore ' || h.i, 'F', date '1985-01-01', '{applicant}', u.id,
                'famiglia' || h.i || '@bench.example', true
           from h left join public.users u on u.email = 'famiglia' || h.i || '@bench.example'
         returning id, substr(name, 10)::int as i, user_id),
       child as (
         insert into public.people (tenant_id, surname, name, sex, birth_date, kinds, resident)
         select $1, 'Bench', 'Bimbo ' || h.i, 'M', date '2018-01-01' + h.i % 700,
                '{beneficiary}', true from h
         returning id, substr(name, 7)::int as i),
       m as (
         insert into public.household_members (tenant_id, household_id, person_id, role)
         select $1, h.id, parent.id, 'parent' from h join parent using (i)
         union all
         select $1, h.id, child.id, 'minor' from h join child using (i)
         returning 1),
       e as (
         insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
           payer_id, household_id, site_id, class_id, starts_on, ends_on)
         select $1, $3, $4, child.id, parent.id, h.id, c.site_id, c.id, date '2026-09-01',
                date '2027-06-30'
           from h join parent using (i) join child using (i)
           join public.classes c on c.id = ($5::uuid[])[h.i / $6 + 1]
         returning id, beneficiary_id)
       select child.i, e.id as enrollment_id, parent.user_id
         from e join child on child.id = e.beneficiary_id join parent using (i)
        where (select count(*) from m) >= 0
        order by child.i`,
      [t.id, n, t.service, t.year, classIds, opts.perClass],
    );
    for (const tbl of audited) {
      await tx.query(`alter table public.${tbl} enable trigger ${tbl}_audit`);
    }
    const sessions = await tx.query<{ id: string; user_id: string }>(
      `insert into private.sessions (user_id, tenant_id, expires_at)
       select u, $1, now() + interval '10 hours' from unnest($2::uuid[]) u returning id, user_id`,
      [t.id, rows.filter((r) => r.user_id).map((r) => r.user_id)],
    );
    const keys: string[] = [];
    for (let k = 0; k < opts.keys; k++) {
      const scopes: ApiScope[] = ["read", "write"];
      const key = await createApiKey(tx, {
        tenantId: t.id,
        name: `Registro elettronico ${k + 1}`,
        scopes,
        createdBy: t.admin,
      });
      keys.push(key.token);
    }
    return { classIds, rows, sessions, keys };
  });
  await db.asOwner((tx) => tx.exec("analyze"));

  const enrollments = out.rows.map((r) => ({
    id: r.enrollment_id,
    class_id: out.classIds[Math.floor(r.i / opts.perClass)],
  }));
  const session = new Map(out.sessions.map((s) => [s.user_id, s.id]));
  const families = [];
  for (const r of out.rows) {
    if (!r.user_id) continue;
    const claims: Claims = {
      sub: r.user_id,
      role: "authenticated",
      email: `famiglia${r.i}@bench.example`,
      session_id: session.get(r.user_id)!,
      app_metadata: { tenant_id: t.id, roles: ["family"] },
      user_metadata: { full_name: `Genitore Bench ${r.i}`, tenant_name: t.name },
    };
    families.push({
      enrollmentId: r.enrollment_id,
      cookie: `piazza_session=${await signSession(claims, opts.secret)}`,
    });
  }

  const admin: Claims = {
    sub: t.admin,
    role: "authenticated",
    app_metadata: { tenant_id: t.id, roles: ["admin"] },
  };
  const calendar = await db.asUser(admin, (tx) => loadServiceCalendar(tx, t.service));
  if (!calendar) throw new Error("attendance bench: the canteen has no calendar");
  const days: string[] = [];
  for (let d = romeDateOf(); days.length < 4 && d >= "2026-09-01"; d = addDays(d, -1)) {
    if (isServiceDay(calendar, d).open) days.push(d);
  }
  if (days.length < 4) throw new Error("attendance bench: fewer than 4 service days so far");
  return {
    enrollments,
    classIds: out.classIds,
    families,
    keys: out.keys,
    days: days.reverse(),
  };
}

/** Deterministic facts for enrollment `k` on `day`: ~8% absent, ~4% pasto in bianco. */
function markFor(id: string, k: number, day: string): Mark {
  const r = (k * 37 + Number(day.slice(8)) * 11) % 100;
  if (r < 8) return { enrollment_id: id, day, status: "absent", meal: null };
  return { enrollment_id: id, day, status: "present", meal: r < 12 ? "white" : "standard" };
}

interface Request {
  marks: Mark[];
  key: string;
}

interface Fired {
  latencies: number[];
  errors: number;
  rejected: number;
  seconds: number;
  bodies: string[];
  keys: string[];
}

/**
 * Sends `requests` at `rate` per second (open loop, at most `inFlight` at once; waiting counts);
 * `sent(mark)` is called as each request leaves, for the socket latency.
 */
async function fire(
  base: string,
  requests: Request[],
  rate: number,
  inFlight: number,
  sent: (m: Mark, at: number) => void,
): Promise<Fired> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active < inFlight) return void active++;
    await new Promise<void>((r) => waiting.push(r));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const out: Fired = { latencies: [], errors: 0, rejected: 0, seconds: 0, bodies: [], keys: [] };
  const began = performance.now();
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < requests.length; i++) {
    const at = began + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    const req = requests[i];
    tasks.push((async () => {
      await acquire();
      try {
        const now = performance.now();
        const markedAt = new Date().toISOString();
        for (const m of req.marks) {
          m.marked_at = markedAt;
          sent(m, now);
        }
        const body = JSON.stringify({ marks: req.marks });
        out.bodies.push(body);
        out.keys.push(req.key);
        const res = await fetch(`${base}/api/v1/attendance`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${req.key}` },
          body,
        });
        const json = await res.json().catch(() => null);
        out.latencies.push(performance.now() - at);
        if (res.status !== 200) {
          out.errors++;
          if (Deno.env.get("ATT_DEBUG")) console.error(res.status, JSON.stringify(json));
        } else out.rejected += json.totals.rejected;
      } catch {
        out.latencies.push(performance.now() - at);
        out.errors++;
      } finally {
        release();
      }
    })());
  }
  await Promise.all(tasks);
  out.seconds = (performance.now() - began) / 1000;
  return out;
}

function phase(label: string, f: Fired, marks: number, cpu: number | null): Phase {
  const lat = f.latencies.slice().sort((a, b) => a - b);
  return {
    label,
    requests: lat.length,
    marks,
    seconds: f.seconds,
    rps: lat.length / f.seconds,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: lat.at(-1) ?? NaN,
    errors: f.errors,
    serverCpuPct: cpu,
  };
}

/** Every expected mark stored with its facts: [stored, lost, wrong]. */
async function verify(db: Db, expected: Map<string, Mark>, days: string[]) {
  const rows = await db.asOwner((tx) =>
    tx.query<{ enrollment_id: string; day: string; status: string; meal: string | null }>(
      `select enrollment_id, day, status, meal from public.attendance_marks
        where day = any ($1::date[]) and voided_at is null`,
      [days],
    )
  );
  const got = new Map(rows.map((r) => [`${r.enrollment_id}|${r.day}`, r]));
  let lost = 0, wrong = 0;
  for (const [key, m] of expected) {
    const r = got.get(key);
    if (!r) lost++;
    else if (r.status !== m.status || (r.meal ?? null) !== m.meal) wrong++;
  }
  return { stored: rows.length, lost, wrong };
}

/** Sends the batches again (8 at a time): each mark must come back `unchanged`. */
async function retry(base: string, bodies: string[], keys: string[]) {
  let unchanged = 0, marks = 0;
  for (let i = 0; i < bodies.length; i += 8) {
    await Promise.all(
      bodies.slice(i, i + 8).map(async (body, j) => {
        const res = await fetch(`${base}/api/v1/attendance`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${keys[i + j]}` },
          body,
        });
        const json = await res.json();
        marks += JSON.parse(body).marks.length;
        if (res.status === 200) unchanged += json.totals.unchanged;
      }),
    );
  }
  return { marks, unchanged };
}

/**
 * Where one mark's time goes, alone (sequential, 40 rounds, medians): a database round trip, the
 * API key check, `recordMarks` in its transaction, and the whole HTTP request. Each round marks a
 * child absent in-process, then present again over HTTP, so every round writes.
 */
async function breakdown(db: Db, base: string, ente: Ente) {
  const t: Record<string, number[]> = {};
  const add = (k: string, v: number) => (t[k] ??= []).push(v);
  const claims = (await authenticateApiKey(db, ente.keys[0]))!;
  const day = ente.days[3];
  for (let k = 0; k < 40; k++) {
    const id = ente.enrollments[k].id;
    let s = performance.now();
    await db.asOwner((tx) => tx.query("select 1"));
    add("db_round_trip", performance.now() - s);
    s = performance.now();
    await authenticateApiKey(db, ente.keys[0]);
    add("api_key_check", performance.now() - s);
    s = performance.now();
    await db.asUser(
      claims,
      (tx) =>
        recordMarks(tx, [{ enrollment_id: id, day, status: "absent" }], {
          source: "api",
          userId: null,
        }),
    );
    add("record_marks_tx", performance.now() - s);
    s = performance.now();
    const res = await fetch(`${base}/api/v1/attendance`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ente.keys[0]}` },
      body: JSON.stringify({ marks: [{ enrollment_id: id, day, status: "present" }] }),
    });
    await res.body?.cancel();
    add("http_total", performance.now() - s);
  }
  return Object.fromEntries(
    Object.entries(t).map(([k, v]) => [k, percentile(v.sort((a, b) => a - b), 50)]),
  );
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "-");

export function toText(r: AttendanceResult): string {
  const rows = [[
    "attendance",
    "requests",
    "marks",
    "req/s",
    "p50",
    "p95",
    "p99",
    "max",
    "errors",
    "cpu app",
  ]];
  for (const p of r.phases) {
    rows.push([
      p.label,
      `${p.requests}`,
      `${p.marks}`,
      p.rps.toFixed(0),
      ms(p.p50),
      ms(p.p95),
      ms(p.p99),
      ms(p.max),
      `${p.errors}`,
      p.serverCpuPct === null ? "-" : `${p.serverCpuPct.toFixed(0)}%`,
    ]);
  }
  const s = r.socket;
  rows.push([
    "mark → family socket",
    `${s.samples}`,
    "-",
    "-",
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    ms(s.max),
    `${s.missing}`,
    "-",
  ]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const c = r.checks;
  const ok = (b: boolean) => (b ? "ok" : "MISSED");
  const worst = Math.max(...r.phases.map((p) => p.p99));
  return [
    `Attendance: ${r.classes} classes × ${r.children / r.classes} children, ${r.families} ` +
    `families on sockets, ${r.windowSeconds} s per phase (open loop; ms from scheduled time)`,
    rows.map((row) => row.map((x, i) => (i ? x.padStart(w[i]) : x.padEnd(w[i]))).join("  "))
      .join("\n"),
    `checks: stored ${c.stored}/${c.expected}, lost ${c.lost}, wrong ${c.wrong}, rejected ` +
    `${c.rejected}; batches sent again: ${c.retryUnchanged}/${c.retried} unchanged`,
    `socket p99 by phase: ${r.socketP99ByPhase.map(ms).join(" / ")} ms; one mark alone, ` +
    `medians in ms: ${Object.entries(r.breakdownMs).map(([k, v]) => `${k} ${ms(v)}`).join(", ")}`,
    `targets: request p99 < ${REQUEST_P99_TARGET_MS} ms ${ok(worst < REQUEST_P99_TARGET_MS)}, ` +
    `socket p99 < ${SOCKET_P99_TARGET_MS} ms ${ok(s.p99 < SOCKET_P99_TARGET_MS)}, meal counts ` +
    `(${r.mealCounts.classes} classes) ${r.mealCounts.medianMs} ms < 1000 ms ` +
    ok(r.mealCounts.medianMs < 1000),
  ].join("\n");
}

export async function benchAttendance(
  serverUrl: string,
  log: (line: string) => void = log0,
): Promise<AttendanceResult> {
  const classes = num("ATT_CLASSES", 200);
  const perClass = num("ATT_PER_CLASS", 25);
  const familiesN = num("ATT_FAMILIES", 200);
  const windowS = num("ATT_WINDOW_S", 60);
  const inFlight = num("ATT_CONCURRENCY", 128);
  const mealCounts = benchMealCounts(log);
  const scratch = await createScratchDb(serverUrl);
  const drop = onCleanup(() => scratch.drop());
  const db = openPostgres(scratch.url, { max: 4 });
  const secret = randomToken(32);
  const sockets: Socket[] = [];
  try {
    log(`attendance: scratch database ${redact(scratch.url)}, migrating and seeding`);
    await migrate(db);
    await seedDemo(db);
    const t0 = performance.now();
    const ente = await prepare(db, {
      classes,
      perClass,
      families: familiesN,
      keys: num("ATT_KEYS", 4),
      secret: new TextEncoder().encode(secret),
    });
    const n = ente.enrollments.length;
    log(
      `attendance: ${classes} classes, ${n} children, ${ente.families.length} families ready in ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s; days ${ente.days.join(", ")}`,
    );
    const tmp = await tempDir("piazza-attendance-");
    const app = spawnDeno("main.ts", {
      DATABASE_URL: scratch.url,
      JWT_SECRET: secret,
      SEED_DEMO: "false",
      DATA_DIR: tmp.path,
    });
    try {
      await timeUntilReady(app, "/accedi");
      // Families follow their child live.
      const sentAt = new Map<string, number>();
      const socketLatency: number[] = [];
      const byPhase: number[][] = [];
      const watched = new Set(ente.families.map((f) => f.enrollmentId));
      for (const f of ente.families) {
        const socket = await connectClient(app.base, f.cookie);
        sockets.push(socket);
        const ack = await join(socket, `child:${f.enrollmentId}`);
        if (!ack.ok) throw new Error(`attendance: family join refused: ${ack.error}`);
        socket.on("attendance.mark", (e: { enrollment_id: string; day: string }) => {
          const at = sentAt.get(`${e.enrollment_id}|${e.day}`);
          if (at === undefined) return;
          socketLatency.push(performance.now() - at);
          byPhase.at(-1)?.push(performance.now() - at);
        });
      }
      const sent = (m: Mark, at: number) => {
        if (watched.has(m.enrollment_id)) sentAt.set(`${m.enrollment_id}|${m.day}`, at);
      };
      const expected = new Map<string, Mark>();
      const key = (i: number) => ente.keys[i % ente.keys.length];

      // (a1) one class per request, two days: 10,000 marks.
      const batches: Request[] = [];
      for (const day of ente.days.slice(0, 2)) {
        for (let c = 0; c < classes; c++) {
          const marks = ente.enrollments.slice(c * perClass, (c + 1) * perClass)
            .map((e, j) => markFor(e.id, c * perClass + j, day));
          for (const m of marks) expected.set(`${m.enrollment_id}|${m.day}`, m);
          batches.push({ marks, key: key(batches.length) });
        }
      }
      // (a2) one mark per request, two more days: 10,000 requests.
      const singles: Request[] = [];
      for (const day of ente.days.slice(2, 4)) {
        for (let k = 0; k < n; k++) {
          const m = markFor(ente.enrollments[k].id, k, day);
          expected.set(`${m.enrollment_id}|${m.day}`, m);
          singles.push({ marks: [m], key: key(k) });
        }
      }
      const phases: Phase[] = [];
      let rejected = 0;
      let firedBatches: Fired | null = null;
      for (
        const [label, reqs] of [["one class per request", batches], [
          "one mark per request",
          singles,
        ]] as const
      ) {
        const marks = reqs.reduce((s, r) => s + r.marks.length, 0);
        log(`attendance: ${label}: ${reqs.length} requests (${marks} marks) over ${windowS} s`);
        byPhase.push([]);
        const cpu = cpuMeter(app.pid);
        cpu.start();
        const fired = await fire(app.base, reqs, reqs.length / windowS, inFlight, sent);
        cpu.stop();
        const p = phase(label, fired, marks, cpu.percent());
        phases.push(p);
        rejected += fired.rejected;
        if (!firedBatches) firedBatches = fired;
        log(
          `  p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, ${p.rps.toFixed(0)}/s, errors ${p.errors}`,
        );
      }
      // Stragglers: events still in flight when the last answer came back.
      await sleep(2000);
      const v = await verify(db, expected, ente.days);
      const again = await retry(app.base, firedBatches!.bodies, firedBatches!.keys);
      // The breakdown marks followed children too: its events stay out of the socket figures.
      const lat = socketLatency.slice().sort((a, b) => a - b);
      const phaseLat = byPhase.map((l) => l.slice().sort((a, b) => a - b));
      const breakdownMs = await breakdown(db, app.base, ente);
      const expectedEvents = [...expected.values()].filter((m) => watched.has(m.enrollment_id))
        .length;
      return {
        classes,
        children: n,
        families: ente.families.length,
        windowSeconds: windowS,
        phases,
        checks: {
          expected: expected.size,
          stored: v.stored,
          lost: v.lost,
          wrong: v.wrong,
          rejected,
          retried: again.marks,
          retryUnchanged: again.unchanged,
        },
        socket: {
          samples: lat.length,
          missing: Math.max(0, expectedEvents - lat.length),
          p50: percentile(lat, 50),
          p95: percentile(lat, 95),
          p99: percentile(lat, 99),
          max: lat.at(-1) ?? NaN,
        },
        socketP99ByPhase: phaseLat.map((l) => percentile(l, 99)),
        breakdownMs,
        mealCounts,
        targets: {
          requestP99Ms: REQUEST_P99_TARGET_MS,
          socketP99Ms: SOCKET_P99_TARGET_MS,
          mealCountsMs: 1000,
        },
      };
    } finally {
      for (const s of sockets) s.close();
      await app.stop();
    }
  } finally {
    await db.close();
    await drop();
  }
}

if (import.meta.main) {
  killChildrenOnUnload();
  const url = Deno.env.get("DATABASE_URL");
  if (!url) {
    console.log("attendance: skipped (DATABASE_URL not set: it needs a real Postgres)");
  } else {
    let r: AttendanceResult;
    try {
      r = await benchAttendance(url);
    } finally {
      await stopAll();
      await cleanupAll();
    }
    console.log("");
    console.log(toText(r));
    console.log(`ATTENDANCE_JSON ${JSON.stringify(r)}`);
    const bad = r.checks.lost || r.checks.wrong || r.checks.retryUnchanged !== r.checks.retried;
    Deno.exit(bad ? 1 : 0);
  }
}
