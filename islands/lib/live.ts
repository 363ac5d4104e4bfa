/**
 * Live updates for islands: one socket.io connection per page on the app's own origin (path
 * `/socket.io/`, the session cookie authenticates it), shared by every island that subscribes.
 *
 * ```ts ignore
 * const stop = subscribe([`class:${classId}`], {
 *   "attendance.mark": (data) => applyMark(data),
 * }, () => {}, () => reloadFromServer());
 * ```
 *
 * Events are hints, the database is the truth: after every (re)connection all rooms are joined
 * again and `onReconnect` runs; `onJoined` runs once the server has answered the joins of the
 * subscription, on the first connection too. An island reloads its state over HTTP in `onJoined`:
 * anything that changed between the server rendering the page (or the connection dropping) and
 * the join is then on screen, and every later change arrives as an event. `onConnectionChange` feeds a small "in linea / non in linea"
 * indicator.
 *
 * @module
 */
import { io, type Socket } from "socket.io-client";

/** Server's answer to `join`. */
export type JoinAck = { ok: true } | { ok: false; error: string };

/** What the indicator shows: connected, trying, or given up until the network comes back. */
export type ConnectionState = "online" | "connecting" | "offline";

// deno-lint-ignore no-explicit-any
type Handler = (data: any) => void;

interface Subscription {
  rooms: string[];
  handlers: Record<string, Handler>;
  onReconnect: () => void;
  onJoined?: () => void;
}

let socket: Socket | null = null;
let state: ConnectionState = "connecting";
let connectedOnce = false;
const subscriptions = new Set<Subscription>();
const stateListeners = new Set<(state: ConnectionState) => void>();
/** Rooms refused by the server, with the reason; islands may show it. */
export const refusedRooms = new Map<string, string>();

function setState(next: ConnectionState) {
  if (state === next) return;
  state = next;
  for (const listener of stateListeners) listener(next);
}

const JOIN_TIMEOUT_MS = 10_000;
/** The joins of the current connection: each settles when the server answered (or timed out). */
let joins = new Map<string, Promise<void>>();

function join(room: string): Promise<void> {
  const known = joins.get(room);
  if (known) return known;
  const s = socket;
  const done = new Promise<void>((resolve) => {
    if (!s) return resolve();
    s.timeout(JOIN_TIMEOUT_MS).emit("join", room, (err: Error | null, ack: JoinAck) => {
      if (!err && ack && ack.ok) refusedRooms.delete(room);
      else {
        const why = err ? "timeout" : (ack as { error?: string } | null)?.error ?? "refused";
        refusedRooms.set(room, why);
        console.warn(`live: join ${room} refused: ${why}`);
      }
      resolve();
    });
  });
  joins.set(room, done);
  return done;
}

/** Joins the rooms of `sub` and, once the server answered them all, runs its `onJoined`. */
function joinAll(sub: Subscription) {
  Promise.all(sub.rooms.map(join)).then(() => {
    if (subscriptions.has(sub) && sub.onJoined) safeCall(sub.onJoined);
  });
}

function leave(room: string) {
  joins.delete(room);
  socket?.emit("leave", room);
}

function allRooms(): Set<string> {
  const set = new Set<string>();
  for (const sub of subscriptions) for (const room of sub.rooms) set.add(room);
  return set;
}

function connect(): Socket {
  if (socket) return socket;
  const s = io({
    path: "/socket.io/",
    transports: ["websocket", "polling"],
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
  });
  socket = s;
  s.on("connect", () => {
    setState("online");
    joins = new Map();
    for (const sub of subscriptions) joinAll(sub);
    // Every later connection may have missed events. (`onJoined`, after the joins, also covers
    // the gap between the server rendering the page and the first join.)
    if (connectedOnce) { for (const sub of subscriptions) safeCall(sub.onReconnect); }
    connectedOnce = true;
  });
  s.on("disconnect", () => {
    joins = new Map();
    setState("connecting");
  });
  s.on("connect_error", () => setState(navigator.onLine === false ? "offline" : "connecting"));
  s.onAny((event: string, data: unknown) => {
    for (const sub of subscriptions) {
      const handler = sub.handlers[event];
      if (handler) safeCall(() => handler(data));
    }
  });
  if (typeof addEventListener === "function") {
    addEventListener("offline", () => setState("offline"));
    addEventListener("online", () => {
      if (!s.connected) s.connect();
    });
  }
  return s;
}

function safeCall(fn: () => void) {
  try {
    fn();
  } catch (err) {
    console.error("live: handler failed", err);
  }
}

/**
 * Joins `rooms` and calls `handlers[event](data)` for every event the server sends to the page;
 * `onReconnect` runs after each reconnection, `onJoined` after the server answered the joins of
 * `rooms` on every connection, the first included (reload the island's state there). Returns the
 * function that unsubscribes (leaving the rooms no other subscription uses).
 */
export function subscribe(
  rooms: string[],
  handlers: Record<string, Handler>,
  onReconnect: () => void,
  onJoined?: () => void,
): () => void {
  const sub: Subscription = { rooms: [...rooms], handlers, onReconnect, onJoined };
  subscriptions.add(sub);
  const s = connect();
  if (s.connected) joinAll(sub);
  return () => {
    if (!subscriptions.delete(sub)) return;
    const still = allRooms();
    for (const room of sub.rooms) if (!still.has(room)) leave(room);
  };
}

/** Current connection state. */
export function connectionState(): ConnectionState {
  return state;
}

/** Calls `listener` on every change of the connection state; returns the unsubscribe function. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Italian/English label of a state, for the indicator. */
export function connectionLabel(s: ConnectionState, lang: "it" | "en" = "it"): string {
  if (s === "online") return lang === "en" ? "online" : "in linea";
  if (s === "connecting") return lang === "en" ? "reconnecting…" : "riconnessione…";
  return lang === "en" ? "offline" : "non in linea";
}
