import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import {
  CARRIED_CLASS_LABELS,
  type CarriedBalance,
  getCarried,
} from "../../../../lib/billing/carried.ts";
import {
  CarriedSettlementError,
  type CarriedSettlementInput,
  type CarriedSettlementRow,
  carriedWallets,
  invoiced,
  invoicedCents,
  listCarriedSettlements,
  settleCarriedCredit,
} from "../../../../lib/billing/carried_settlement.ts";
import { LINE_KIND_LABELS } from "../../../../lib/billing/review.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import type { SettlementWallet } from "../../../../lib/pagopa/receipts_settlement.ts";
import {
  FIELD_OF,
  SETTLEMENT_FIELDS,
  SettlementForm,
  type SettlementFormData,
} from "../../ricevute/(_components)/SettlementForm.tsx";
import { euro, period } from "../(_components)/bits.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  payerId: string;
  serviceId: string | null;
  payerName: string;
  balance: CarriedBalance | null;
  wallets: SettlementWallet[];
  settlements: CarriedSettlementRow[];
  /**
   * The credit's lines of services billed by invoice, as their total (null when none): giving
   * the credit back issues a credit note for them, unless they make no credit by themselves.
   */
  invoicedCents: number | null;
  /** After giving a credit back (`?restituito=1`). */
  done: boolean;
  /** The credit note issued with it (`&nota=<id>`). */
  creditNoteId: string | null;
  form?: SettlementFormData;
}

/** The balance named by the path (payer) and `?servizio=` (absent when positions aggregate). */
function target(
  c: { req: { param(k: string): string | undefined; query(k: string): string | undefined } },
) {
  const payerId = c.req.param("payer") ?? "";
  const service = c.req.query("servizio") || null;
  if (!isUuid(payerId) || (service !== null && !isUuid(service))) throw new HttpError(404);
  return { payerId, serviceId: service };
}

async function load(
  tx: Tx,
  payerId: string,
  serviceId: string | null,
): Promise<Omit<Data, "done" | "creditNoteId" | "form"> | null> {
  const [payer] = await tx.query<{ name: string }>(
    `select btrim(coalesce(surname, '') || ' ' || coalesce(name, '')) as name
       from public.people where tenant_id = (select app.tenant_id()) and id = $1`,
    [payerId],
  );
  if (!payer) return null;
  const balance = await getCarried(tx, payerId, serviceId);
  const invoiced = balance?.class === "credit"
    ? await invoicedCents(tx, balance.lines.map((l) => l.id))
    : null;
  return {
    invoicedCents: invoiced,
    payerId,
    serviceId,
    payerName: payer.name,
    balance,
    // No wallet to choose when the credit cannot be given back (its invoiced lines are no credit).
    wallets: balance?.class === "credit" && (invoiced === null || invoiced < 0)
      ? await carriedWallets(tx, payerId)
      : [],
    settlements: await listCarriedSettlements(tx, payerId),
  };
}

const selfUrl = (payerId: string, serviceId: string | null) =>
  `/operatore/fatturazione/riportati/${payerId}${serviceId ? `?servizio=${serviceId}` : ""}`;

/**
 * One carried balance of a payer, with its lines; a credit is given back here (refund by
 * transfer or onto a wallet of the payer) through `settleCarriedCredit`, once.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const { payerId, serviceId } = target(c);
    const data = await db.asUser(claims!, (tx) => load(tx, payerId, serviceId));
    if (!data) throw new HttpError(404);
    const note = c.req.query("nota") ?? "";
    return page({
      ...data,
      done: c.req.query("restituito") === "1",
      creditNoteId: isUuid(note) ? note : null,
    });
  },
  async POST(c) {
    const { db, claims, tr } = c.get("state");
    const { payerId, serviceId } = target(c);
    const body = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const k of [...SETTLEMENT_FIELDS, "importo"]) values[k] = String(body[k] ?? "").trim();
    const input = {
      kind: values.esito,
      refundedOn: values.data_rimborso,
      reference: values.riferimento,
      walletId: values.borsellino,
      note: values.nota || null,
    } as CarriedSettlementInput;
    try {
      const done = await db.asUser(claims!, (tx) =>
        settleCarriedCredit(
          tx,
          { payerId, serviceId, expectedCents: Number(values.importo), input },
          claims!.sub,
        ));
      const url = selfUrl(payerId, serviceId);
      const note = done.creditNote ? `&nota=${done.creditNote.id}` : "";
      return c.redirect(`${url}${url.includes("?") ? "&" : "?"}restituito=1${note}`, 303);
    } catch (e) {
      if (!(e instanceof CarriedSettlementError)) throw e;
      if (e.code === "forbidden") throw new HttpError(403, e.en, { code: "forbidden" });
      const data = await db.asUser(claims!, (tx) => load(tx, payerId, serviceId));
      if (!data) throw new HttpError(404);
      const message = tr(e.it, e.en);
      const form = e.field
        ? { values, errors: { [FIELD_OF[e.field]]: message } }
        : { values, errors: {}, message };
      return page({ ...data, done: false, creditNoteId: null, form }, { status: e.status });
    }
  },
});

function History({ state, rows }: { state: State; rows: CarriedSettlementRow[] }) {
  const tr = state.tr;
  if (rows.length === 0) return null;
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{tr("Crediti restituiti al pagatore", "Credits given back to the payer")}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Quando", "When")}</th>
            <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            <th scope="col">{tr("Come", "How")}</th>
            <th scope="col">{tr("Da chi", "By")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(state.lang, r.settled_at)}</td>
              <td class="text-end">{euro(state, Number(r.amount_cents))}</td>
              <td>
                {r.kind === "refunded"
                  ? tr(
                    `Bonifico del ${
                      r.refunded_on!.split("-").reverse().join("/")
                    } (rif. ${r.refund_ref})`,
                    `Transfer of ${r.refunded_on} (ref. ${r.refund_ref})`,
                  )
                  : (
                    <a href={`/operatore/borsellini/${r.wallet_id}`}>
                      {tr("Accredito sul borsellino", "Credit to the wallet")}
                    </a>
                  )}
                {r.note && <span class="d-block small">{r.note}</span>}
                <span class="d-block small text-secondary">
                  {tr(`${r.lines} righe`, `${r.lines} lines`)}
                </span>
                {r.credit_note && (
                  <a class="d-block small" href={`/operatore/fatture/${r.credit_note.id}`}>
                    {tr(
                      `Nota di credito n. ${r.credit_note.numero}`,
                      `Credit note no. ${r.credit_note.numero}`,
                    )}
                  </a>
                )}
              </td>
              <td>{r.settled_by_name ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default define.page<Data>(function CarriedBalancePage({ data, state }) {
  const tr = state.tr;
  const b = data.balance;
  const cls = b ? CARRIED_CLASS_LABELS[b.class] : null;
  const note = data.creditNoteId
    ? data.settlements.find((r) => r.credit_note?.id === data.creditNoteId)?.credit_note
    : null;
  const inv = data.invoicedCents;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Importi riportati", "Carried amounts"), "/operatore/fatturazione/riportati"],
          [data.payerName],
        ]}
      />
      <h1>{tr(`Importo riportato — ${data.payerName}`, `Carried amount — ${data.payerName}`)}</h1>
      {data.done && (
        <div class="alert alert-success" role="status">
          {tr(
            "Credito restituito: le sue righe non saranno più detratte da un avviso.",
            "Credit given back: its lines will no longer be deducted from a notice.",
          )}
          {note && (
            <>
              {" "}
              {tr("È stata emessa la ", "Issued ")}
              <a href={`/operatore/fatture/${note.id}`}>
                {tr(`nota di credito n. ${note.numero}`, `credit note no. ${note.numero}`)}
              </a>
              {tr(
                ", da inviare allo SdI con le fatture.",
                ", to be sent to the SdI with the invoices.",
              )}
            </>
          )}
        </div>
      )}
      {!b
        ? (
          <p>
            {tr(
              "Nessun importo riportato per questo pagatore: ogni addebito è in un avviso o è stato restituito.",
              "Nothing carried for this payer: every charge is on a notice or was given back.",
            )}
          </p>
        )
        : (
          <>
            <dl class="row">
              <dt class="col-sm-3">{tr("Pagatore", "Payer")}</dt>
              <dd class="col-sm-9">
                <a href={`/operatore/anagrafiche/persone/${data.payerId}`}>{data.payerName}</a>
                {b.payer_tax_code && ` ${b.payer_tax_code}`}
              </dd>
              <dt class="col-sm-3">{tr("Servizio", "Service")}</dt>
              <dd class="col-sm-9">{b.service_titles.join(", ")}</dd>
              <dt class="col-sm-3">{tr("Saldo", "Balance")}</dt>
              <dd class="col-sm-9">
                {euro(state, b.amount_cents)}{" "}
                {cls && <span class={`badge bg-${cls.badge}`}>{tr(cls.it, cls.en)}</span>}
              </dd>
            </dl>
            <div class="table-responsive">
              <table class="table table-sm">
                <caption>{tr("Righe riportate", "Carried lines")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr("Periodo", "Period")}</th>
                    <th scope="col">{tr("Tipo", "Kind")}</th>
                    <th scope="col">{tr("Descrizione", "Description")}</th>
                    <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.lines.map((l) => (
                    <tr key={l.id}>
                      <td>{period(state, l.period_start, l.period_end)}</td>
                      <td>{tr(LINE_KIND_LABELS[l.kind].it, LINE_KIND_LABELS[l.kind].en)}</td>
                      <td>
                        {l.description}
                        <span class="d-block small">
                          <a href={`/operatore/fatturazione/${l.run_id}`}>
                            {tr(`Elaborazione n. ${l.run_number}`, `Run no. ${l.run_number}`)} —
                            {" "}
                            {l.run_label}
                          </a>
                        </span>
                        {(state.lang === "en" ? l.summary.en : l.summary.it) && (
                          <span class="d-block small text-secondary">
                            {state.lang === "en" ? l.summary.en : l.summary.it}
                          </span>
                        )}
                      </td>
                      <td class="text-end">{euro(state, l.amount_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {b.class === "credit" && inv !== null && inv >= 0
              ? <p>{tr(invoiced().it, invoiced().en)}</p>
              : b.class === "credit"
              ? (
                <section aria-labelledby="restituisci-title">
                  <h2 id="restituisci-title" class="h4 mb-3">
                    {tr("Restituisci il credito", "Give the credit back")}
                  </h2>
                  <p>
                    {tr(
                      "Se il pagatore avrà altri addebiti, il credito sarà detratto dal suo prossimo avviso senza fare nulla. Restituirlo serve quando non ne avrà (bambino ritirato, fine del servizio).",
                      "If the payer has further charges, the credit is deducted from the next notice with nothing to do. Give it back when there will be none (child withdrawn, service ended).",
                    )}
                  </p>
                  {inv !== null && (
                    <div class="alert alert-info" role="note">
                      {inv === b.amount_cents
                        ? tr(
                          "Il credito è di un servizio fatturato: restituendolo, Piazza emette una nota di credito per questo importo, intestata al pagatore, che richiama le fatture dei periodi interessati.",
                          "The credit is of a service billed by invoice: giving it back, Piazza issues a credit note for this amount, addressed to the payer, naming the invoices of the periods concerned.",
                        )
                        : tr(
                          `Il saldo comprende servizi fatturati: restituendo il credito, Piazza emette una nota di credito per la loro parte (${
                            euro(state, -inv)
                          }), intestata al pagatore, che richiama le fatture dei periodi interessati.`,
                          `The balance includes services billed by invoice: giving the credit back, Piazza issues a credit note for their part (${
                            euro(state, -inv)
                          }), addressed to the payer, naming the invoices of the periods concerned.`,
                        )}
                    </div>
                  )}
                  <SettlementForm
                    state={state}
                    action={selfUrl(data.payerId, data.serviceId)}
                    amountCents={-b.amount_cents}
                    wallets={data.wallets}
                    form={data.form}
                    subject="credit"
                    hidden={{ importo: String(-b.amount_cents) }}
                  />
                </section>
              )
              : (
                <p>
                  {tr(
                    "L'importo sarà aggiunto al prossimo avviso del pagatore.",
                    "The amount will be added to the payer's next notice.",
                  )}
                </p>
              )}
          </>
        )}
      <History state={state} rows={data.settlements} />
    </>
  );
});
