/**
 * Test helpers for code that emits realtime events: a socket.io client signed in with a session
 * cookie, `join` with its ack, and waiting for one event. Used by `tests/realtime_*_test.ts`;
 * other areas may use them to assert their own events.
 *
 * @module
 */
import { io, type Socket } from "socket.io-client";
import type { JoinAck } from "../../islands/lib/live.ts";

/** Connects to `base` (`http://127.0.0.1:<port>`) as the holder of `cookie`. */
export function connectClient(
  base: string,
  cookie: string | null,
  opts: { origin?: string } = {},
): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (opts.origin) headers.origin = opts.origin;
  const socket = io(base, {
    path: "/socket.io/",
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits `join` and resolves to the server's ack. */
export function join(socket: Socket, room: string): Promise<JoinAck> {
  return socket.timeout(5_000).emitWithAck("join", room);
}

/** The data of the next `event` on `socket`, or a rejection after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const on = (data: T) => {
      clearTimeout(timer);
      resolve(data);
    };
    socket.once(event, on);
  });
}

/** True when no `event` arrives on `socket` within `ms`. */
export function noEvent(socket: Socket, event: string, ms = 300): Promise<boolean> {
  return nextEvent(socket, event, ms).then(() => false, () => true);
}
