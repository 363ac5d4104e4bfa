/** The roles a member can hold in an Ente, plus the platform superadmin and API-key scopes. */
export const MEMBER_ROLES = ["admin", "operator", "teacher", "family", "provider"] as const;
export type MemberRole = typeof MEMBER_ROLES[number];
export type Role = MemberRole | "superadmin" | "api_read" | "api_write";

/** Supabase-shaped JWT claims: what `request.jwt.claims` holds inside a user's transaction. */
export interface Claims {
  sub: string;
  role: "authenticated";
  email?: string;
  session_id?: string;
  app_metadata: { tenant_id: string | null; roles: Role[] };
  /** Display only (header): never used for access decisions. */
  user_metadata?: { full_name?: string; tenant_name?: string };
  iat?: number;
  exp?: number;
}

/** One transaction: every query of a request runs through it. Parameters are `$1`, `$2`… */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters (migrations, seeds). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a savepoint: when it throws, its writes are rolled back and the transaction
   * stays usable (a bulk operation reports the refused item and goes on); the error is rethrown.
   */
  savepoint<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN` of `rows` (values in column order; objects are
   * sent as JSON). Postgres only (PGlite reads COPY from files, which roles other than the owner
   * may not): callers fall back to an `INSERT … SELECT` when it is absent. No `ON CONFLICT`: a
   * duplicate key fails the statement (23505).
   */
  copyIn?(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
}

export interface Db {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction as role `authenticated` with `claims`: RLS applies. */
  asUser<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` as `service_role` (bypasses RLS): system jobs and trusted integrations only. */
  asService<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` as the connecting (owner) role: migrations and test fixtures only. */
  asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` (a dedicated connection on Postgres): `fn` gets each NOTIFY payload, sent
   * only at the notifier's commit. Resolves to the function that stops listening.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Postgres type OIDs whose text form we keep uniform across both adapters. */
export const OID = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

/** int8 as a JS number (cents and counts stay far below 2^53); dates as 'YYYY-MM-DD' strings. */
export const parseInt8 = (v: string): number => Number(v);
export const parseDate = (v: string): string => v;

/**
 * Queries with more parameters than this (multi-row inserts of a batch) are not kept as prepared
 * statements: each would pin a large plan on the connection for little planning saved.
 */
export const MAX_PREPARED_PARAMS = 256;

/** Whether a query with `params` runs as a named prepared statement (see the adapters). */
export const preparable = (params: readonly unknown[]) => params.length <= MAX_PREPARED_PARAMS;

export const CLAIMS_SQL =
  "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)";
export const SERVICE_SQL =
  "select set_config('request.jwt.claims', '{\"role\":\"service_role\"}', true), set_config('role', 'service_role', true)";
