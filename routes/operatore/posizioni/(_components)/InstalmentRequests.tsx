import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import {
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
} from "../../../../lib/billing/instalment_plan.ts";
import {
  listRequests,
  type PlanRequest,
} from "../../../../lib/billing/instalment_plan_requests.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";
import { planPath } from "./InstalmentPlan.tsx";

/** The office's queue of requests of rateizzazione. */
export const REQUESTS_PATH = "/operatore/posizioni/rateizzazioni";
export const REQUESTS_PAGE_SIZE = 25;
/** The refusal's reason: posted name; each pending row's field id is `motivo-<request id>`. */
export const REFUSE_NAME = "motivo";
export const refuseFieldId = (requestId: string) => `${REFUSE_NAME}-${requestId}`;

/** The request's day, as written on paper: "04/11/2026" (Rome). */
const requestDay = (lang: State["lang"], iso: string) => formatDate(lang, new Date(iso), "short");

/** The reference a plan granted on request `r` records: "Richiesta online del 04/11/2026". */
export const requestReference = (r: Pick<PlanRequest, "requested_at">) =>
  `Richiesta online del ${requestDay("it", r.requested_at)}`;

/** "Concedi": the grant form of the request's position, prefilled with its count and reference. */
export const grantHref = (
  r: Pick<PlanRequest, "debt_position_id" | "instalments" | "requested_at">,
) =>
  `${planPath(r.debt_position_id)}?${new URLSearchParams({
    rate: String(r.instalments),
    riferimento: requestReference(r),
  })}`;

/** A status of the filter (`?stato=`), or null for all. */
export const readStatus = (raw: string | undefined): RequestStatus | null =>
  REQUEST_STATUSES.find((s) => s === raw) ?? null;

/** The list's address for `status` and page `n`. */
export function requestsHref(
  status: RequestStatus | null,
  n = 1,
  extra: Record<string, string> = {},
) {
  const q = new URLSearchParams({
    ...(status ? { stato: status } : {}),
    ...(n > 1 ? { pagina: String(n) } : {}),
    ...extra,
  });
  return `${REQUESTS_PATH}${q.size ? `?${q}` : ""}`;
}

/** A refusal sent back to the list: the reason typed, and why the database refused it. */
export interface RefusalBack {
  id: string;
  note: string;
  message: string;
  /** The reason itself was wrong: the message goes beside the field. */
  field: boolean;
}

export interface RequestsData {
  items: PlanRequest[];
  total: number;
  page: number;
  status: RequestStatus | null;
  /** The signed-in user can decide requests (the billing office). */
  billing: boolean;
  /** After a refusal (`?respinta=1`). */
  refused?: boolean;
  refusal?: RefusalBack;
}

/** One page of the queue under the caller's RLS. */
export async function loadRequests(
  tx: Tx,
  status: RequestStatus | null,
  n: number,
  billing: boolean,
): Promise<RequestsData> {
  const { items, total } = await listRequests(
    tx,
    { status },
    REQUESTS_PAGE_SIZE,
    (n - 1) * REQUESTS_PAGE_SIZE,
  );
  return { items, total, page: n, status, billing };
}

export function RequestBadge({ state, status }: { state: State; status: RequestStatus }) {
  const l = REQUEST_STATUS_LABELS[status];
  return <span class={`badge bg-${l.badge}`}>{state.tr(l.it, l.en)}</span>;
}

/** What was decided: when, by whom, and the reason or the plan's position. */
function Decision({ state, r }: { state: State; r: PlanRequest }) {
  const tr = state.tr;
  if (!r.decided_at) return null;
  const when = requestDay(state.lang, r.decided_at);
  const by = r.decided_by_name ? tr(` da ${r.decided_by_name}`, ` by ${r.decided_by_name}`) : "";
  return (
    <span class="d-block small">
      {r.status === "withdrawn"
        ? tr(`Ritirata dalla famiglia il ${when}.`, `Withdrawn by the family on ${when}.`)
        : tr(`Decisa il ${when}${by}.`, `Decided on ${when}${by}.`)}
      {r.status === "refused" && r.decision_note && (
        <span class="d-block">{tr("Motivo: ", "Reason: ")}{r.decision_note}</span>
      )}
      {r.status === "granted" && r.plan_position_id && (
        <a class="d-block" href={`/operatore/posizioni/${r.plan_position_id}`}>
          {tr("Posizione del piano di rateizzazione", "The instalment plan's position")}
        </a>
      )}
    </span>
  );
}

/** "Respingi": the reason the family will read, posted to `…/<id>/respingi`. */
function RefuseForm(
  { state, r, status, page, back }: {
    state: State;
    r: PlanRequest;
    status: RequestStatus | null;
    page: number;
    back?: RefusalBack;
  },
) {
  const tr = state.tr;
  const id = refuseFieldId(r.id);
  const errors: FieldErrors = back?.field ? { [id]: back.message } : {};
  return (
    <details class="mt-2" open={!!back}>
      <summary>{tr("Respingi", "Refuse")}</summary>
      <form method="post" action={`${REQUESTS_PATH}/${r.id}/respingi`} novalidate>
        <CsrfField state={state} />
        {status && <input type="hidden" name="stato" value={status} />}
        {page > 1 && <input type="hidden" name="pagina" value={String(page)} />}
        <TextAreaField
          state={state}
          id={id}
          name={REFUSE_NAME}
          label={tr("Motivo del rifiuto", "Reason for refusing")}
          value={back?.note ?? ""}
          errors={errors}
          hint={tr(
            "La famiglia lo legge nella pagina del pagamento e lo riceve per e-mail. Da 5 a 1000 caratteri.",
            "The family reads it on the payment's page and gets it by e-mail. 5 to 1000 characters.",
          )}
          maxLength={1000}
          rows={3}
          required
        />
        <button type="submit" class="btn btn-outline-danger btn-sm">
          {tr("Respingi la richiesta", "Refuse the request")}
        </button>
      </form>
    </details>
  );
}

/** The queue: who asked what and when, what was decided, and the pending ones' actions. */
export function RequestsTable({ state, data }: { state: State; data: RequestsData }) {
  const tr = state.tr;
  if (data.items.length === 0) {
    return <p>{tr("Nessuna richiesta di rateizzazione.", "No instalment plan requests.")}</p>;
  }
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>{tr(`Richieste trovate: ${data.total}`, `Requests found: ${data.total}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Richiesta del", "Requested on")}</th>
            <th scope="col">{tr("Pagatore", "Payer")}</th>
            <th scope="col">{tr("Posizione", "Position")}</th>
            <th scope="col" class="text-end">{tr("Rate chieste", "Instalments asked")}</th>
            <th scope="col">{tr("Messaggio della famiglia", "The family's message")}</th>
            <th scope="col">{tr("Stato", "Status")}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((r) => {
            const back = data.refusal?.id === r.id ? data.refusal : undefined;
            return (
              <tr key={r.id} id={`richiesta-${r.id}`}>
                <td class="text-nowrap">{requestDay(state.lang, r.requested_at)}</td>
                <th scope="row">
                  <a href={`/operatore/posizioni/${r.debt_position_id}`}>{r.payer_name}</a>
                </th>
                <td>
                  {r.description}
                  <span class="d-block small">{r.iupd} — {euro(state, r.amount_cents)}</span>
                </td>
                <td class="text-end">{r.instalments}</td>
                <td>{r.message ?? "—"}</td>
                <td>
                  <RequestBadge state={state} status={r.status} />
                  <Decision state={state} r={r} />
                  {r.status === "pending" && data.billing && (
                    <>
                      <a class="btn btn-primary btn-sm d-block mt-2" href={grantHref(r)}>
                        {tr("Concedi", "Grant")}
                      </a>
                      {back && !back.field && (
                        <div class="alert alert-danger mt-2 mb-0">
                          {back.message}
                        </div>
                      )}
                      <RefuseForm
                        state={state}
                        r={r}
                        status={data.status}
                        page={data.page}
                        back={back}
                      />
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A refusal of "Respingi", above the list: announced at once, linked to the reason's field when
 * the reason was wrong, else to the request's row (or alone, when the row is not on this page).
 */
export function RefusalAlert({ state, data }: { state: State; data: RequestsData }) {
  const back = data.refusal;
  if (!back) return null;
  const row = data.items.find((r) => r.id === back.id);
  const target = !row
    ? null
    : back.field && row.status === "pending"
    ? refuseFieldId(row.id)
    : `richiesta-${row.id}`;
  return (
    <div class="alert alert-danger" role="alert">
      {target ? <a href={`#${target}`}>{back.message}</a> : back.message}
      {!back.field && row?.status !== "pending" && state.tr(
        " Nulla è stato cambiato.",
        " Nothing was changed.",
      )}
    </div>
  );
}

/** On a position's page: the family's pending request, with the way to grant it or to the list. */
export function PendingRequestCallout(
  { state, request, spreadable }: { state: State; request: PlanRequest; spreadable: boolean },
) {
  const tr = state.tr;
  const day = requestDay(state.lang, request.requested_at);
  return (
    <div class="callout note" id="richiesta-rateizzazione">
      <div class="callout-title">{tr("Richiesta di rateizzazione", "Instalment plan request")}</div>
      <p>
        {tr(
          `La famiglia ha chiesto di pagare in ${request.instalments} rate il ${day}.`,
          `The family asked to pay in ${request.instalments} instalments on ${day}.`,
        )}
      </p>
      {request.message && (
        <p>
          {tr("Messaggio: ", "Message: ")}
          {request.message}
        </p>
      )}
      <p class="mb-0">
        {spreadable && (
          <a class="btn btn-primary btn-sm me-2" href={grantHref(request)}>
            {tr("Concedi", "Grant")}
          </a>
        )}
        <a href={requestsHref("pending")}>{tr("Vai alle richieste", "Go to the requests")}</a>
      </p>
    </div>
  );
}
