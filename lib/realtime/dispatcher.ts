/**
 * Delivers the realtime outbox (`private.realtime_outbox`, written by `emit()` in the writers'
 * transactions) to socket.io rooms. It LISTENs on `piazza_realtime` (each NOTIFY carries a new
 * row's id, sent at the writer's commit) and, as a safety net for a lost notification or a
 * listener reconnecting, also polls every few seconds.
 *
 * Several app processes may run a dispatcher against the same database: each batch is claimed by
 * deleting it with `FOR UPDATE SKIP LOCKED`, so a row is emitted by exactly one of them; with the
 * Postgres adapter that emit reaches the sockets of every process. Rows nobody delivered within
 * STALE_AFTER_S (the app was down) are dropped unsent: clients reload from the database when they
 * reconnect, so an old hint is worth nothing.
 *
 * @module
 */
import type { Db } from "../db/types.ts";

export const CHANNEL = "piazza_realtime";
export const STALE_AFTER_S = 120;
const BATCH = 500;

/** One outbox row, as emitted. */
export interface OutboxEvent {
  id: number;
  room: string;
  event: string;
  data: unknown;
}

/** Where events go: `io.to(room).emit(event, data)` in the server. */
export type Sink = (e: OutboxEvent) => void;

export interface Dispatcher {
  /** Claims and emits everything pending now; resolves to how many rows were emitted. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** Claims (deletes) up to BATCH pending rows and returns them in id order; drops stale ones. */
export async function claimBatch(db: Db): Promise<OutboxEvent[]> {
  return await db.asService(async (tx) => {
    const rows = await tx.query<OutboxEvent & { stale: boolean }>(
      `delete from private.realtime_outbox o
        where o.id in (select id from private.realtime_outbox
                        order by id limit ${BATCH} for update skip locked)
        returning o.id, o.room, o.event, o.data,
                  o.created_at < now() - make_interval(secs => ${STALE_AFTER_S}) as stale`,
    );
    return rows.filter((r) => !r.stale).sort((a, b) => a.id - b.id)
      .map(({ id, room, event, data }) => ({ id, room, event, data }));
  });
}

/**
 * Starts delivering to `sink`. Drains once at start (rows written while no process was up),
 * then on every notification and every `pollMs`.
 */
export async function startDispatcher(
  db: Db,
  sink: Sink,
  opts: { pollMs?: number; onError?: (err: unknown) => void } = {},
): Promise<Dispatcher> {
  const onError = opts.onError ?? ((err) => console.error("realtime: dispatch failed", err));
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  const drainOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const batch = await claimBatch(db);
      for (const e of batch) {
        try {
          sink(e);
        } catch (err) {
          onError(err);
        }
      }
      total += batch.length;
      if (batch.length < BATCH) return total;
    }
  };

  // One drain at a time per process; a notification arriving meanwhile triggers one more pass.
  const drain = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
      } while (again && !stopped);
      return total;
    })().finally(() => running = null);
    return running;
  };
  const kick = () => {
    drain().catch(onError);
  };

  const unlisten = await db.listen(CHANNEL, kick);
  const timer = setInterval(kick, opts.pollMs ?? 5_000);
  kick();
  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten().catch(() => {});
      await running?.catch(() => {});
    },
  };
}
