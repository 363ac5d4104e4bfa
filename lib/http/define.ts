import type { Context, MiddlewareHandler } from "hono";
import type { ComponentType } from "preact";
import type { Config } from "../config.ts";
import type { Claims, Db } from "../db/types.ts";
import type { Lang, Translate } from "../i18n/mod.ts";

/** What every handler and page can rely on, set by the root middleware. */
export interface State {
  db: Db;
  config: Config;
  lang: Lang;
  /** Shared messages (navigation, errors, sign-in) from the dictionaries in `lib/i18n`. */
  t: Translate;
  /** Page-specific copy kept beside the page: `tr("Iscrizioni", "Enrollment")`. */
  tr: (it: string, en: string) => string;
  /** Null for anonymous visitors. */
  claims: Claims | null;
  /** How the caller proved who it is. */
  auth: "session" | "api_key" | null;
  /** Set when a session cookie was present but expired, forged or revoked. */
  sessionRejected: boolean;
  /** Double-submit token every form posts back as `_csrf`. */
  csrfToken: string;
  /** The document title; by default the page's first `<h1>`. */
  title?: string;
}

export type AppEnv = { Variables: { state: State } };
export type Ctx = Context<AppEnv>;
export type Middleware = MiddlewareHandler<AppEnv>;

const PAGE = Symbol("page");
export interface PageResult<T = unknown> {
  [PAGE]: true;
  data: T;
  status: number;
  headers?: HeadersInit;
}

/** A handler's way to ask for its page to be rendered with `data`. */
export function page<T>(
  data: T,
  init: { status?: number; headers?: HeadersInit } = {},
): PageResult<T> {
  return { [PAGE]: true, data, status: init.status ?? 200, headers: init.headers };
}

export function isPageResult(v: unknown): v is PageResult {
  return typeof v === "object" && v !== null && PAGE in v;
}

export type HandlerFn<T = unknown> = (
  c: Ctx,
) => Response | PageResult<T> | Promise<Response | PageResult<T>>;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Handlers<T = unknown> = Partial<Record<Method, HandlerFn<T>>>;

export interface PageProps<T = unknown> {
  data: T;
  url: URL;
  params: Record<string, string>;
  state: State;
}

export interface LayoutProps extends PageProps {
  Component: ComponentType;
}

export interface ErrorProps {
  status: number;
  message?: string;
  url: URL;
  state: State;
}

/** Fresh's typing helpers: a route declares its data type once. */
export const define = {
  handlers<T>(h: Handlers<T>): Handlers<T> {
    return h;
  },
  page<T>(c: ComponentType<PageProps<T>>): ComponentType<PageProps<T>> {
    return c;
  },
  middleware(m: Middleware | Middleware[]): Middleware | Middleware[] {
    return m;
  },
};

/** Thrown anywhere to end a request with an HTTP status (rendered by `_error.tsx` or as JSON). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? `HTTP ${status}`);
  }
}
