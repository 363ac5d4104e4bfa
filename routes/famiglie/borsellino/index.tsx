import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { Alert } from "../../../components/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import {
  getWalletSettings,
  listMovements,
  listTopUps,
  type Movement,
  myWallets,
  requestTopUp,
  type TopUp,
  type Wallet,
  type WalletSettings,
} from "../../../lib/wallets/db.ts";
import { checkTopUp, refusalCode, TOP_UP_REFUSALS } from "../../../lib/wallets/rules.ts";
import {
  LevelBadge,
  MovementsTable,
} from "../../operatore/borsellini/(_components)/WalletParts.tsx";

interface Entry {
  wallet: Wallet;
  movements: { items: Movement[]; total: number };
  topUps: TopUp[];
}

interface Data {
  entries: Entry[];
  settings: WalletSettings;
  values: Record<string, string>;
  errors: FieldErrors;
  /** The top-up just asked for. */
  created: TopUp | null;
}

type C = Parameters<NonNullable<Parameters<typeof define.handlers>[0]["GET"]>>[0];

async function load(c: C, createdId: string | null) {
  const { db, claims } = c.get("state");
  return await db.asUser(claims!, async (tx) => {
    const wallets = await myWallets(tx);
    const entries: Entry[] = [];
    for (const wallet of wallets) {
      entries.push({
        wallet,
        movements: await listMovements(tx, wallet.id, { limit: 100, offset: 0 }),
        topUps: await listTopUps(tx, wallet.id, 10),
      });
    }
    const settings = await getWalletSettings(tx);
    const created = createdId
      ? entries.flatMap((e) => e.topUps).find((t) => t.debt_position_id === createdId) ?? null
      : null;
    return { entries, settings, created };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const wanted = c.req.query("ricarica") ?? null;
    return page({ ...await load(c, wanted), values: {}, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const en = state.lang === "en";
    const form = await c.req.parseBody();
    const one = (k: string) => typeof form[k] === "string" ? (form[k] as string).trim() : "";
    const base = await load(c, null);
    const values = { borsellino: one("borsellino"), importo: one("importo") };
    const errors: FieldErrors = {};
    const wallet = base.entries.find((e) => e.wallet.id === values.borsellino)?.wallet;
    if (!wallet) {
      errors.borsellino = state.tr(
        "Scegliere il borsellino da ricaricare.",
        "Choose the wallet to top up.",
      );
    }
    const amount = checkTopUp(values.importo, base.settings);
    for (const i of amount.issues) errors[i.field] = en ? i.en : i.it;
    if (Object.keys(errors).length) return page({ ...base, values, errors }, { status: 422 });
    try {
      const id = await state.db.asUser(
        state.claims!,
        (tx) => requestTopUp(tx, wallet!.id, amount.cents!),
      );
      return c.redirect(`/famiglie/borsellino?ricarica=${id}`, 303);
    } catch (e) {
      const code = refusalCode(e);
      if (!code) throw e;
      const r = TOP_UP_REFUSALS[code];
      errors[code === "amount_out_of_range" ? "importo" : "borsellino"] = en ? r.en : r.it;
      return page({ ...base, values, errors }, { status: r.status === 404 ? 422 : r.status });
    }
  },
});

const STATUS: Record<TopUp["status"], [string, string]> = {
  open: ["da pagare", "to be paid"],
  partially_paid: ["pagata in parte", "partly paid"],
  paid: ["pagata e accreditata", "paid and credited"],
  cancelled: ["annullata", "cancelled"],
};

/** The family's prepaid wallets: balance, movements explained, top-up through pagoPA. */
export default define.page<Data>(function FamilyWallet({ data, state }) {
  const tr = state.tr;
  const s = data.settings;
  const name = (w: Wallet) =>
    w.beneficiary_name
      ? tr(`Borsellino di ${w.beneficiary_name}`, `Wallet of ${w.beneficiary_name}`)
      : tr(`Borsellino di ${w.payer_name}`, `Wallet of ${w.payer_name}`);
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Borsellino", "Wallet")]]} />
      <h1>{tr("Borsellino", "Wallet")}</h1>
      <p class="lead">
        {tr(
          "Per i servizi prepagati ogni pasto consumato viene scalato dal borsellino alla tariffa dell'iscrizione. Se il saldo scende sotto zero il pasto non viene negato: ricevi un avviso per ricaricare.",
          "For prepaid services each meal eaten is deducted from the wallet at the enrollment's tariff. If the balance goes below zero the meal is not refused: you get an alert to top up.",
        )}
      </p>
      {data.created && (
        <Alert kind="success">
          <p class="mb-2">
            {tr(
              `Ricarica di ${
                formatEuro(data.created.amount_cents, "it")
              } creata: avviso pagoPA n. ${data.created.notice_number}. Il borsellino viene accreditato appena il pagamento è registrato.`,
              `Top-up of ${
                formatEuro(data.created.amount_cents, "en")
              } created: pagoPA notice no. ${data.created.notice_number}. The wallet is credited as soon as the payment is recorded.`,
            )}
          </p>
          <a
            class="btn btn-primary me-2 mb-2"
            href={`/famiglie/pagamenti/${data.created.debt_position_id}`}
          >
            {tr("Paga con pagoPA", "Pay with pagoPA")}
          </a>
          <a
            class="btn btn-outline-primary mb-2"
            href={`/famiglie/pagamenti/${data.created.debt_position_id}/avviso`}
          >
            {tr("Scarica l'avviso di pagamento (PDF)", "Download the payment notice (PDF)")}
          </a>
        </Alert>
      )}
      {data.entries.length === 0
        ? (
          <p>
            {tr(
              "Nessuno dei servizi a cui sono iscritti i tuoi figli è prepagato: non hai borsellini.",
              "None of your children's services is prepaid: you have no wallet.",
            )}
          </p>
        )
        : (
          <>
            {data.entries.map((e) => (
              <section class="mb-5" key={e.wallet.id} aria-labelledby={`w-${e.wallet.id}`}>
                <h2 class="h3" id={`w-${e.wallet.id}`}>{name(e.wallet)}</h2>
                <p class="fs-4">
                  {tr("Saldo", "Balance")}:{" "}
                  <strong>{formatEuro(e.wallet.balance_cents, state.lang)}</strong>{" "}
                  <LevelBadge state={state} level={e.wallet.alert_level} />
                </p>
                <p class="small">
                  {tr(
                    `Ti avvisiamo quando il saldo scende sotto ${
                      formatEuro(e.wallet.low_balance_threshold_cents, "it")
                    }.`,
                    `We alert you when the balance goes below ${
                      formatEuro(e.wallet.low_balance_threshold_cents, "en")
                    }.`,
                  )}
                </p>
                {e.topUps.some((t) =>
                  t.status === "open"
                ) && (
                  <>
                    <h3 class="h5">{tr("Ricariche da pagare", "Top-ups to pay")}</h3>
                    <ul>
                      {e.topUps.filter((t) => t.status === "open").map((t) => (
                        <li key={t.debt_position_id}>
                          {formatDate(state.lang, new Date(t.created_at), "short")}:{" "}
                          {formatEuro(t.amount_cents, state.lang)} ({tr(...STATUS[t.status])}) —
                          {" "}
                          <a href={`/famiglie/pagamenti/${t.debt_position_id}`}>
                            {tr("paga o scarica l'avviso", "pay or download the notice")}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <MovementsTable
                  state={state}
                  items={e.movements.items}
                  total={e.movements.total}
                  caption={tr(`Movimenti: ${name(e.wallet)}`, `Movements: ${name(e.wallet)}`)}
                />
              </section>
            ))}
            <h2 class="h3" id="ricarica-titolo">{tr("Ricarica", "Top up")}</h2>
            <ErrorSummary state={state} errors={data.errors} />
            <form method="post" aria-labelledby="ricarica-titolo" novalidate>
              <CsrfField state={state} />
              <RequiredNote state={state} />
              <SelectField
                state={state}
                id="borsellino"
                label={tr("Borsellino", "Wallet")}
                value={data.values.borsellino ?? data.entries[0].wallet.id}
                options={data.entries.map((e) => [e.wallet.id, name(e.wallet)])}
                errors={data.errors}
                required
              />
              <TextField
                state={state}
                id="importo"
                label={tr("Importo in euro", "Amount in euro")}
                hint={tr(
                  `Da ${formatEuro(s.min_top_up_cents, "it")} a ${
                    formatEuro(s.max_top_up_cents, "it")
                  }. Ricevi un avviso pagoPA da pagare online o presso un prestatore.`,
                  `From ${formatEuro(s.min_top_up_cents, "en")} to ${
                    formatEuro(s.max_top_up_cents, "en")
                  }. You get a pagoPA notice to pay online or at a provider.`,
                )}
                value={data.values.importo ?? ""}
                errors={data.errors}
                required
                inputMode="decimal"
                maxLength={20}
              />
              <button type="submit" class="btn btn-primary">
                {tr("Crea l'avviso di ricarica", "Create the top-up notice")}
              </button>
            </form>
          </>
        )}
    </>
  );
});
