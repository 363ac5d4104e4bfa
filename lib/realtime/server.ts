/**
 * The HTTP server: the Hono app and socket.io on the same port (`node:http` + `@hono/node-server`,
 * socket.io under `/socket.io/`), and the dispatcher that delivers the realtime outbox to rooms.
 *
 * Client protocol: connect with the session cookie (same origin), then
 * `socket.emit("join", room, ack)` → `{ ok: true }` or `{ ok: false, error }`; `leave` likewise.
 * Events arrive as `<event name>(data)`. With `DATABASE_URL` the Postgres adapter shares events
 * between app processes; the embedded default keeps socket.io's in-memory adapter.
 *
 * @module
 */
import { getRequestListener } from "@hono/node-server";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import type { Config } from "../config.ts";
import type { Claims, Db } from "../db/types.ts";
import { type Dispatcher, startDispatcher } from "./dispatcher.ts";
import { withPush } from "../push/events.ts";
import { joinRefusal } from "./rooms.ts";
import { authenticateHandshake, originAllowed, sessionStillValid } from "./socket_auth.ts";

/** What the server needs of the app: Hono's `fetch`. */
export interface FetchApp {
  fetch(req: Request, env?: unknown): Response | Promise<Response>;
}

export interface Served {
  port: number;
  io: Server;
  close(): Promise<void>;
}

interface SocketData {
  claims: Claims;
}

/** How often sockets whose session was revoked or expired are disconnected. */
const SESSION_SWEEP_MS = 60_000;
/** A socket may follow at most this many rooms (a teacher's classes, a family's children…). */
const MAX_ROOMS_PER_SOCKET = 200;

/** Starts listening; resolves once the port is bound. */
export async function serve(
  app: FetchApp,
  db: Db,
  config: Config,
  opts: { port: number; hostname?: string },
): Promise<Served> {
  const listener = getRequestListener(
    // Same env shape as Deno.serve's `info`, so `getConnInfo` (sign-in throttling) still works.
    (req, env) => {
      const incoming = (env as { incoming: IncomingMessage }).incoming;
      const remoteAddr = {
        hostname: incoming.socket.remoteAddress ?? "",
        port: incoming.socket.remotePort ?? 0,
        transport: "tcp",
      };
      return app.fetch(req, { ...env, remoteAddr });
    },
    // Keep Deno's own Request/Response globals: the app and its libraries rely on them.
    { overrideGlobalObjects: false },
  );
  const http = createServer(listener);
  const io = new Server<Record<string, never>, Record<string, never>, never, SocketData>(http, {
    path: "/socket.io/",
    serveClient: false,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, done) => done(null, originAllowed(req.headers, config.publicUrl)),
  });

  let closeAdapter = async () => {};
  if (db.kind === "postgres" && config.databaseUrl) {
    closeAdapter = await attachPostgresAdapter(io, config.databaseUrl);
  }

  io.use(async (socket, next) => {
    const claims = await authenticateHandshake(db, config, socket.request.headers.cookie);
    if (!claims) return next(new Error("unauthorized"));
    socket.data.claims = claims;
    next();
  });
  io.on("connection", (socket) => onConnection(db, socket));

  const sweep = setInterval(async () => {
    for (const socket of await io.local.fetchSockets()) {
      const claims = socket.data.claims;
      if (claims && !(await sessionStillValid(db, claims).catch(() => true))) {
        socket.disconnect(true);
      }
    }
  }, SESSION_SWEEP_MS);

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port, opts.hostname ?? "0.0.0.0", () => {
      http.off("error", reject);
      resolve();
    });
  });

  let dispatcher: Dispatcher | null = null;
  try {
    // Push events (lib/push/events.ts) go to devices, the rest to socket rooms.
    dispatcher = await startDispatcher(
      db,
      withPush(db, (e) => io.to(e.room).emit(e.event, e.data)),
    );
  } catch (err) {
    http.close();
    throw err;
  }

  let closing: Promise<void> | null = null;
  return {
    port: (http.address() as AddressInfo).port,
    io,
    close() {
      return closing ??= (async () => {
        clearInterval(sweep);
        await dispatcher?.stop();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          http.closeAllConnections();
        });
        await closeAdapter();
      })();
    },
  };
}

function onConnection(db: Db, socket: Socket) {
  const claims = (socket.data as SocketData).claims;
  socket.on("join", async (room: unknown, ack?: unknown) => {
    const reply = typeof ack === "function" ? ack as (r: unknown) => void : () => {};
    try {
      if (!(await sessionStillValid(db, claims))) {
        reply({ ok: false, error: "unauthorized" });
        socket.disconnect(true);
        return;
      }
      if (socket.rooms.size > MAX_ROOMS_PER_SOCKET) {
        return reply({ ok: false, error: "too_many_rooms" });
      }
      const refusal = await joinRefusal(db, claims, room);
      if (refusal) return reply({ ok: false, error: refusal });
      await socket.join(room as string);
      reply({ ok: true });
    } catch (err) {
      console.error("realtime: join failed", err);
      reply({ ok: false, error: "server_error" });
    }
  });
  socket.on("leave", async (room: unknown, ack?: unknown) => {
    if (typeof room === "string" && room !== socket.id) await socket.leave(room);
    if (typeof ack === "function") ack({ ok: true });
  });
}

/** `@socket.io/postgres-adapter` over a small `pg` pool; resolves to its closer. */
async function attachPostgresAdapter(io: Server, url: string): Promise<() => Promise<void>> {
  const [{ default: pg }, { createAdapter }] = await Promise.all([
    import("pg"),
    import("@socket.io/postgres-adapter"),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", (err: Error) => console.error("realtime: adapter pool error", err.message));
  io.adapter(createAdapter(pool, {
    tableName: "private.socket_io_attachments",
    errorHandler: (err: Error) => console.error("realtime: adapter error", err.message),
  }));
  return async () => {
    await pool.end().catch(() => {});
  };
}
