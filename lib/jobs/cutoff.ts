/**
 * The cut-off job: every minute, for each published canteen service of every Ente whose cut-off
 * (`canteen_settings.attendance_cutoff`, Rome time) has passed today and whose day is a service
 * day, freezes the meal counts into `meal_count_snapshots` and queues the e-mail to
 * `canteen_settings.attendance_recipients` with the counts as CSV and PDF.
 *
 * Any number of processes may run it: the snapshot rows are unique per (service, day, site) and
 * inserted with `on conflict do nothing`, so of two jobs freezing at once one inserts and sends,
 * the other finds the rows taken (after the first commits) and sends nothing.
 *
 * @module
 */
import { romeLocalOf } from "../calendar/dates.ts";
import type { Db, Tx } from "../db/types.ts";
import { countMeals, countsCsv, type MealFact } from "../attendance/meal_counts.ts";
import type { AttendanceMode } from "../attendance/meal_counts.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { emitFor, rooms } from "../realtime/emit.ts";
import { dueDay } from "./cutoff_rules.ts";
import { countsPdf } from "./meal_counts_pdf.ts";

interface DueService {
  tenant_id: string;
  tenant_name: string;
  service_id: string;
  title: string;
  code: string;
  mode: AttendanceMode;
  cutoff: string;
  recipients: string[];
}

export interface Frozen {
  tenant_id: string;
  service_id: string;
  day: string;
  sites: number;
  mails: number;
}

/** Freezes one service's day in `tx` (service_role); null when it was frozen already. */
export async function freezeServiceDay(
  tx: Tx,
  s: DueService,
  day: string,
  now: Date,
): Promise<Frozen | null> {
  // The Ente in the claims: app.meal_facts and app.tenant_id() read it.
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ role: "service_role", app_metadata: { tenant_id: s.tenant_id, roles: [] } }),
  ]);
  const [{ open }] = await tx.query<{ open: boolean }>(
    "select app.is_service_day($1, $2, $3) as open",
    [s.tenant_id, s.service_id, day],
  );
  if (!open) return null;
  const facts = await tx.query<MealFact>("select * from app.meal_facts($1, $2)", [
    s.service_id,
    day,
  ]);
  const counts = countMeals(facts, { mode: s.mode });
  const sites = counts.sites.length ? counts.sites : [];
  const rows = sites.map((site) => ({
    site_id: site.site_id,
    counts: { ...site, diet_names: counts.diet_names },
  }));
  // Even a day with nobody enrolled is frozen once (an empty row), so it is not retried.
  if (!rows.length) {
    rows.push({
      site_id: null,
      counts: { ...counts.totals, site_id: null, site_name: null, classes: [], diet_names: {} },
    });
  }
  const inserted = await tx.query<{ id: string }>(
    `insert into public.meal_count_snapshots (tenant_id, service_id, day, site_id, frozen_at, counts)
     select $1, $2, $3, (r ->> 'site_id')::uuid, $4, r -> 'counts'
       from jsonb_array_elements($5::jsonb) r
     on conflict (tenant_id, service_id, day, site_id) do nothing
     returning id`,
    [s.tenant_id, s.service_id, day, now.toISOString(), rows],
  );
  if (inserted.length === 0) return null;
  const frozenAt = romeLocalOf(now).slice(11);
  const meta = { tenant: s.tenant_name, service: s.title, day, frozenAt };
  const csv = countsCsv(counts, { service: s.title, day });
  const pdf = await countsPdf(counts, meta);
  const dd = day.split("-").reverse().join("/");
  const text = [
    `Conteggio pasti del ${dd} per il servizio ${s.title}, congelato alle ${frozenAt} (termine per le disdette: ${s.cutoff}).`,
    "",
    `Pasti totali: ${counts.totals.meals} (standard ${counts.totals.standard}, in bianco ${counts.totals.white}${
      Object.entries(counts.totals.diets).map(([k, n]) => `, ${counts.diet_names[k] ?? k} ${n}`)
        .join("")
    }).`,
    ...counts.sites.map((x) => `- ${x.site_name ?? "Senza plesso"}: ${x.meals} pasti`),
    "",
    "In allegato il dettaglio per plesso, classe e dieta (CSV e PDF). Le variazioni successive sono visibili nell'area fornitori.",
  ].join("\n");
  const file = `pasti-${s.code.toLowerCase()}-${day}`;
  for (const to of s.recipients) {
    await enqueueMail(tx, {
      tenantId: s.tenant_id,
      to,
      subject: `Conteggio pasti ${dd} - ${s.title}`,
      text,
      attachments: [
        {
          filename: `${file}.csv`,
          contentType: "text/csv; charset=utf-8",
          content: "\uFEFF" + csv,
        },
        { filename: `${file}.pdf`, contentType: "application/pdf", content: pdf },
      ],
    });
  }
  await tx.query(
    `update public.meal_count_snapshots set sent_at = now()
      where tenant_id = $1 and service_id = $2 and day = $3`,
    [s.tenant_id, s.service_id, day],
  );
  const event = { service_id: s.service_id, day, frozen_at: now.toISOString() };
  await emitFor(tx, s.tenant_id, rooms.serviceMeals(s.service_id), "meals.frozen", event);
  for (const site of sites) {
    if (site.site_id) {
      await emitFor(tx, s.tenant_id, rooms.siteMeals(site.site_id), "meals.frozen", event);
    }
  }
  return {
    tenant_id: s.tenant_id,
    service_id: s.service_id,
    day,
    sites: inserted.length,
    mails: s.recipients.length,
  };
}

/** One round: freezes every service whose cut-off has passed today and is not frozen yet. */
export async function freezeDue(db: Db, now = new Date()): Promise<Frozen[]> {
  const services = await db.asService((tx) =>
    tx.query<DueService>(
      `select s.tenant_id, t.name as tenant_name, s.id as service_id, s.title, s.code,
              s.attendance_mode as mode, to_char(cs.attendance_cutoff, 'HH24:MI') as cutoff,
              cs.attendance_recipients as recipients
         from public.services s
         join public.tenants t on t.id = s.tenant_id
         join public.canteen_settings cs on cs.tenant_id = s.tenant_id and cs.service_id = s.id
        where s.kind = 'canteen' and s.status = 'published'`,
    )
  );
  const out: Frozen[] = [];
  for (const s of services) {
    const day = dueDay(now, s.cutoff);
    if (!day) continue;
    const done = await db.asService((tx) =>
      tx.query(
        `select 1 from public.meal_count_snapshots
          where tenant_id = $1 and service_id = $2 and day = $3 limit 1`,
        [s.tenant_id, s.service_id, day],
      )
    );
    if (done.length) continue;
    const r = await db.asService((tx) => freezeServiceDay(tx, s, day, now));
    if (r) out.push(r);
  }
  return out;
}

export interface CutoffJob {
  runOnce(): Promise<Frozen[]>;
  stop(): Promise<void>;
}

/** Starts the job (main.ts): a round now, then every `intervalMs` (a minute); rounds never overlap. */
export function startCutoffJob(db: Db, opts: { intervalMs?: number } = {}): CutoffJob {
  let running: Promise<Frozen[]> | null = null;
  let stopped = false;
  const round = () => running ??= freezeDue(db).finally(() => running = null);
  const tick = async () => {
    try {
      await round();
    } catch (e) {
      console.error("[pasti] congelamento dei conteggi non riuscito:", e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 60_000);
      Deno.unrefTimer(timer);
    }
  };
  let timer = setTimeout(tick, 0);
  Deno.unrefTimer(timer);
  return {
    runOnce: round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
