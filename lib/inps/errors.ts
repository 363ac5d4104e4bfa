/**
 * Why an ISEE retrieval failed, in words an office understands, with the HTTP status the API
 * answers and whether trying again may help.
 *
 * @module
 */

import { ESITO_INFO } from "./codes.ts";

export type InpsErrorCode =
  | "invalid_request"
  | "riscontro_non_valido"
  | "database_offline"
  | "internal_error"
  | "timeout"
  | "unauthorized"
  | "soap_fault"
  | "pdnd_refused"
  | "pdnd_unavailable"
  | "pdnd_unreachable"
  | "inps_unreachable"
  | "inps_unavailable"
  | "bad_response";

const MESSAGES: Record<
  InpsErrorCode,
  { it: string; en: string; status: number; transient: boolean }
> = {
  invalid_request: { ...ESITO_INFO.RICHIESTA_INVALIDA, status: 422 },
  riscontro_non_valido: { ...ESITO_INFO.RISCONTRO_NON_VALIDO, status: 422 },
  database_offline: { ...ESITO_INFO.DATABASE_OFFLINE, status: 503 },
  internal_error: { ...ESITO_INFO.ERRORE_INTERNO, status: 502 },
  timeout: {
    it: "Il servizio INPS non ha risposto in tempo. Riprovare tra qualche minuto.",
    en: "The INPS service did not answer in time. Try again in a few minutes.",
    status: 504,
    transient: true,
  },
  unauthorized: {
    it: "INPS ha rifiutato il voucher PDND (scaduto o non valido per questa finalità).",
    en: "INPS refused the PDND voucher (expired or not valid for this purpose).",
    status: 502,
    transient: false,
  },
  soap_fault: {
    it: "INPS ha respinto la richiesta come non conforme al tracciato.",
    en: "INPS refused the request as not conforming to the schema.",
    status: 502,
    transient: false,
  },
  pdnd_refused: {
    it: "PDND ha rifiutato la richiesta di voucher: verificare client, chiave (kid) e finalità " +
      "configurati.",
    en: "PDND refused the voucher request: check the configured client, key (kid) and purpose.",
    status: 502,
    transient: false,
  },
  pdnd_unavailable: {
    it: "Il servizio di autorizzazione PDND non è al momento disponibile. Riprovare più tardi.",
    en: "The PDND authorization server is currently unavailable. Try again later.",
    status: 503,
    transient: true,
  },
  pdnd_unreachable: {
    it: "Il servizio di autorizzazione PDND non è raggiungibile. Riprovare più tardi.",
    en: "The PDND authorization server cannot be reached. Try again later.",
    status: 503,
    transient: true,
  },
  inps_unreachable: {
    it: "Il servizio ISEE dell'INPS non è raggiungibile. Riprovare più tardi.",
    en: "The INPS ISEE service cannot be reached. Try again later.",
    status: 503,
    transient: true,
  },
  inps_unavailable: {
    it: "Il servizio ISEE dell'INPS non è al momento disponibile. Riprovare più tardi.",
    en: "The INPS ISEE service is currently unavailable. Try again later.",
    status: 503,
    transient: true,
  },
  bad_response: {
    it: "La risposta ricevuta non è conforme al tracciato INPS/PDND: segnalarlo all'assistenza.",
    en: "The answer received does not conform to the INPS/PDND schema: report it to support.",
    status: 502,
    transient: false,
  },
};

export class InpsError extends Error {
  readonly it: string;
  readonly en: string;
  readonly status: number;
  readonly transient: boolean;
  readonly detail: string | null;

  constructor(readonly code: InpsErrorCode, opts: { detail?: string; cause?: unknown } = {}) {
    const m = MESSAGES[code];
    super(`${m.en}${opts.detail ? ` (${opts.detail})` : ""}`, { cause: opts.cause });
    this.name = "InpsError";
    this.it = m.it;
    this.en = m.en;
    this.status = m.status;
    this.transient = m.transient;
    this.detail = opts.detail ?? null;
  }
}

/** Esito codes that are failures (not OK, not DATI_NON_TROVATI) → error codes. */
export const ESITO_ERROR: Record<string, InpsErrorCode> = {
  RICHIESTA_INVALIDA: "invalid_request",
  RISCONTRO_NON_VALIDO: "riscontro_non_valido",
  DATABASE_OFFLINE: "database_offline",
  ERRORE_INTERNO: "internal_error",
};
