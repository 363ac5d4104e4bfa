/**
 * Live updates are written to the realtime outbox inside the writer's transaction and reach
 * socket.io rooms only after commit (the dispatcher in this folder LISTENs for them). Never emit
 * to sockets directly from a request: a rolled-back change must not be announced.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";

/** Room names, one place for their shape: `class:<id>`, `child:<enrollment id>`… */
export const rooms = {
  class: (id: string) => `class:${id}`,
  child: (enrollmentId: string) => `child:${enrollmentId}`,
  siteMeals: (siteId: string) => `site:${siteId}:meals`,
  serviceMeals: (serviceId: string) => `service:${serviceId}:meals`,
  tenantOps: (tenantId: string) => `tenant:${tenantId}:ops`,
};

/** Queues `event` with `data` for `room`, delivered when the caller's transaction commits. */
export async function emit(tx: Tx, room: string, event: string, data: unknown): Promise<void> {
  await tx.query("select app.realtime_emit($1, $2, $3)", [room, event, data ?? {}]);
}

/** As `emit`, for system jobs running as service_role (no tenant in the claims). */
export async function emitFor(
  tx: Tx,
  tenantId: string,
  room: string,
  event: string,
  data: unknown,
): Promise<void> {
  await tx.query("select app.realtime_emit_for($1, $2, $3, $4)", [
    tenantId,
    room,
    event,
    data ?? {},
  ]);
}

/** As `emit`, for several events at once (one statement), delivered in the given order. */
export async function emitMany(
  tx: Tx,
  events: { room: string; event: string; data: unknown }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `select app.realtime_emit(e ->> 'room', e ->> 'event', e -> 'data')
       from jsonb_array_elements($1::jsonb -> 'events') with ordinality as x(e, n)
      order by n`,
    [{ events: events.map((e) => ({ ...e, data: e.data ?? {} })) }],
  );
}
