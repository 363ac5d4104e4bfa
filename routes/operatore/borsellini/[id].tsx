import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { romeDateOf } from "../../../lib/calendar/dates.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { centsToInput, formatEuro } from "../../../lib/tariffs/money.ts";
import {
  adjustWallet,
  getWallet,
  listMovements,
  listTopUps,
  type Movement,
  type TopUp,
  updateWalletLimits,
  type Wallet,
} from "../../../lib/wallets/db.ts";
import { checkAdjustment, checkCents } from "../../../lib/wallets/rules.ts";
import { LevelBadge, MovementsTable } from "./(_components)/WalletParts.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

interface Data {
  wallet: Wallet;
  movements: { items: Movement[]; total: number };
  topUps: TopUp[];
  values: Record<string, string>;
  errors: FieldErrors;
  form: "rettifica" | "soglie" | null;
  done: string | null;
}

type C = Parameters<NonNullable<Parameters<typeof define.handlers>[0]["GET"]>>[0];

async function load(c: C) {
  const { db, claims } = c.get("state");
  const id = c.req.param("id")!;
  if (!isUuid(id)) throw new HttpError(404);
  const r = await db.asUser(claims!, async (tx) => {
    const wallet = await getWallet(tx, id);
    if (!wallet) return null;
    const movements = await listMovements(tx, id, { limit: 200, offset: 0 });
    const topUps = await listTopUps(tx, id);
    return { wallet, movements, topUps };
  });
  if (!r) throw new HttpError(404, "Borsellino non trovato.");
  return r;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const base = await load(c);
    return page({
      ...base,
      values: {},
      errors: {},
      form: null,
      done: c.req.query("fatto") ?? null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const lang = state.lang;
    const form = await c.req.parseBody();
    const one = (k: string) => typeof form[k] === "string" ? (form[k] as string) : "";
    const base = await load(c);
    const values = Object.fromEntries(
      ["importo", "motivo", "soglia", "tolleranza"].map((k) => [k, one(k)]),
    );
    const errors: FieldErrors = {};
    if (one("azione") === "soglie") {
      const t = checkCents(one("soglia"), "soglia", { it: "Soglia", en: "Threshold" });
      const g = checkCents(one("tolleranza"), "tolleranza", { it: "Tolleranza", en: "Grace" });
      for (const i of [...t.issues, ...g.issues]) errors[i.field] = lang === "en" ? i.en : i.it;
      if (Object.keys(errors).length) {
        return page({ ...base, values, errors, form: "soglie", done: null }, { status: 422 });
      }
      await state.db.asUser(state.claims!, (tx) =>
        updateWalletLimits(tx, base.wallet.id, {
          threshold_cents: t.cents!,
          grace_cents: g.cents!,
        }));
      return c.redirect(`/operatore/borsellini/${base.wallet.id}?fatto=soglie`, 303);
    }
    const adj = checkAdjustment(one("importo"), one("motivo"));
    for (const i of adj.issues) errors[i.field] = lang === "en" ? i.en : i.it;
    if (Object.keys(errors).length) {
      return page({ ...base, values, errors, form: "rettifica", done: null }, { status: 422 });
    }
    await state.db.asUser(state.claims!, (tx) =>
      adjustWallet(tx, base.wallet.id, {
        cents: adj.cents!,
        reason: adj.reason,
        userId: state.claims!.sub,
        day: romeDateOf(),
      }));
    return c.redirect(`/operatore/borsellini/${base.wallet.id}?fatto=rettifica`, 303);
  },
});

const TOP_UP_STATUS: Record<TopUp["status"], [string, string]> = {
  open: ["In attesa di pagamento", "Awaiting payment"],
  partially_paid: ["Pagata in parte", "Partly paid"],
  paid: ["Pagata e accreditata", "Paid and credited"],
  cancelled: ["Annullata", "Cancelled"],
};

/** One wallet: balance, movements with explanations, top-ups, adjustment and limits forms. */
export default define.page<Data>(function WalletPage({ data, state }) {
  const tr = state.tr;
  const w = data.wallet;
  const title = w.beneficiary_name
    ? tr(`Borsellino di ${w.beneficiary_name}`, `Wallet of ${w.beneficiary_name}`)
    : tr(`Borsellino di ${w.payer_name}`, `Wallet of ${w.payer_name}`);
  const adjErrors = data.form === "rettifica" ? data.errors : {};
  const limErrors = data.form === "soglie" ? data.errors : {};
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Borsellini prepagati", "Prepaid wallets"), "/operatore/borsellini"], [title]]}
      />
      <h1>{title}</h1>
      {data.done === "rettifica" && (
        <Alert kind="success">{tr("Rettifica registrata.", "Adjustment recorded.")}</Alert>
      )}
      {data.done === "soglie" && (
        <Alert kind="success">
          {tr("Soglia e tolleranza salvate.", "Threshold and grace saved.")}
        </Alert>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Chi paga", "Payer")}</dt>
        <dd class="col-sm-8">{w.payer_name}{w.payer_tax_code ? ` (${w.payer_tax_code})` : ""}</dd>
        <dt class="col-sm-4">{tr("Saldo", "Balance")}</dt>
        <dd class="col-sm-8">
          <strong>{formatEuro(w.balance_cents, state.lang)}</strong>{" "}
          <LevelBadge state={state} level={w.alert_level} />
        </dd>
        <dt class="col-sm-4">{tr("Soglia di avviso", "Alert threshold")}</dt>
        <dd class="col-sm-8">{formatEuro(w.low_balance_threshold_cents, state.lang)}</dd>
        <dt class="col-sm-4">{tr("Tolleranza sotto zero", "Grace below zero")}</dt>
        <dd class="col-sm-8">{formatEuro(w.grace_cents, state.lang)}</dd>
      </dl>
      <h2 class="h4 mt-4">{tr("Movimenti", "Movements")}</h2>
      <MovementsTable
        state={state}
        items={data.movements.items}
        total={data.movements.total}
        caption={tr("Movimenti del borsellino, dal più recente", "Wallet movements, newest first")}
      />
      <h2 class="h4 mt-4">{tr("Ricariche richieste", "Top-ups requested")}</h2>
      {data.topUps.length === 0
        ? <p>{tr("Nessuna ricarica richiesta.", "No top-up requested.")}</p>
        : (
          <ul>
            {data.topUps.map((t) => (
              <li key={t.debt_position_id}>
                {formatDate(state.lang, new Date(t.created_at), "short")}:{" "}
                {formatEuro(t.amount_cents, state.lang)}, {tr("avviso", "notice")} {t.notice_number}
                {" — "}
                {tr(...TOP_UP_STATUS[t.status])}
              </li>
            ))}
          </ul>
        )}
      <h2 class="h4 mt-5" id="rettifica-titolo">{tr("Rettifica", "Adjustment")}</h2>
      <p>
        {tr(
          "Un importo positivo accredita, uno negativo addebita. Il motivo è obbligatorio, resta nel registro attività ed è visibile alla famiglia.",
          "A positive amount credits, a negative one debits. The reason is mandatory, logged and shown to the family.",
        )}
      </p>
      <ErrorSummary state={state} errors={adjErrors} />
      <form method="post" aria-labelledby="rettifica-titolo" novalidate>
        <CsrfField state={state} />
        <input type="hidden" name="azione" value="rettifica" />
        <RequiredNote state={state} />
        <TextField
          state={state}
          id="importo"
          label={tr("Importo in euro (es. -4,50 o 10)", "Amount in euro (e.g. -4.50 or 10)")}
          value={data.form === "rettifica" ? data.values.importo ?? "" : ""}
          errors={adjErrors}
          required
          inputMode="text"
          maxLength={20}
        />
        <TextAreaField
          state={state}
          id="motivo"
          label={tr("Motivo", "Reason")}
          value={data.form === "rettifica" ? data.values.motivo ?? "" : ""}
          errors={adjErrors}
          required
          maxLength={1000}
        />
        <button type="submit" class="btn btn-primary">
          {tr("Registra la rettifica", "Record the adjustment")}
        </button>
      </form>
      <h2 class="h4 mt-5" id="soglie-titolo">{tr("Soglia e tolleranza", "Threshold and grace")}</h2>
      <ErrorSummary state={state} errors={limErrors} />
      <form method="post" aria-labelledby="soglie-titolo" novalidate>
        <CsrfField state={state} />
        <input type="hidden" name="azione" value="soglie" />
        <TextField
          state={state}
          id="soglia"
          label={tr("Soglia di avviso in euro", "Alert threshold in euro")}
          hint={tr(
            "Sotto questo saldo la famiglia riceve un avviso (una volta per ogni discesa).",
            "Below this balance the family gets an alert (once per crossing).",
          )}
          value={data.form === "soglie"
            ? data.values.soglia ?? ""
            : centsToInput(w.low_balance_threshold_cents)}
          errors={limErrors}
          required
          maxLength={20}
        />
        <TextField
          state={state}
          id="tolleranza"
          label={tr("Tolleranza sotto zero in euro", "Grace below zero in euro")}
          hint={tr(
            "Oltre questo debito il borsellino è segnalato all'ufficio. I pasti non vengono mai rifiutati.",
            "Beyond this debt the wallet is flagged to the office. Meals are never refused.",
          )}
          value={data.form === "soglie"
            ? data.values.tolleranza ?? ""
            : centsToInput(w.grace_cents)}
          errors={limErrors}
          required
          maxLength={20}
        />
        <button type="submit" class="btn btn-outline-primary">{tr("Salva", "Save")}</button>
      </form>
    </>
  );
});
