import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import {
  type Campaign,
  createCampaign,
  listCampaigns,
} from "../../../lib/billing/reminder_campaigns.ts";
import { sendReminders, type SendResult } from "../../../lib/billing/reminders.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { kickReminderJobs } from "../../../lib/jobs/reminders.ts";
import { pageNo, Pager } from "../fatturazione/(_components)/bits.tsx";
import { readPositionFilters } from "./(_components)/filters.ts";
import { CampaignTable } from "./(_components)/ReminderCampaigns.tsx";
import { ReminderConfirm, type ReminderFilters } from "./(_components)/Reminders.tsx";

const PAGE_SIZE = 25;

type Data =
  | { step: "list"; items: Campaign[]; total: number; page: number }
  | { step: "confirm"; filters: ReminderFilters; result: SendResult };

/** The overdue list of the same filters, where the office came from. */
function listHref(f: ReminderFilters): string {
  const q = new URLSearchParams();
  if (f.run_id) q.set("run_id", f.run_id);
  if (f.payer) q.set("payer", f.payer);
  q.set("status", "overdue");
  return `/operatore/posizioni?${q}`;
}

/**
 * The Ente's reminder campaigns (GET), and "Invia sollecito alle N posizioni scadute" of the
 * overdue list (POST): `passo=conferma` counts what would be sent (nothing written),
 * `passo=invia` queues a campaign of the filter for the reminder job and goes to its page.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const n = pageNo(c.req.query("pagina"));
    const { items, total } = await db.asUser(
      claims!,
      (tx) => listCampaigns(tx, PAGE_SIZE, (n - 1) * PAGE_SIZE),
    );
    return page({ step: "list", items, total, page: n });
  },
  async POST(c) {
    const { db, claims, config } = c.get("state");
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : undefined;
    // Read as the list reads its query string; only the run and the payer make a reminder's filter.
    const { run_id, payer } = readPositionFilters(field).filters;
    const filters: ReminderFilters = { run_id: run_id ?? null, payer: payer ?? null };
    const step = field("passo")?.trim();
    if (step === "invia") {
      const id = await db.asUser(claims!, (tx) => createCampaign(tx, filters, claims!.sub));
      kickReminderJobs();
      return c.redirect(`/operatore/posizioni/solleciti/${id}`, 303);
    }
    if (step !== "conferma") throw new HttpError(400);
    const result = await db.asUser(claims!, (tx) =>
      sendReminders(tx, { filters }, {
        dryRun: true,
        publicUrl: config.publicUrl,
      }));
    return page({ step: "confirm", filters, result });
  },
});

/** The campaigns, or the confirmation step of a new one. */
export default define.page<Data>(function BulkReminders({ data, state }) {
  const tr = state.tr;
  if (data.step === "list") {
    return (
      <>
        <Breadcrumb
          state={state}
          items={[
            [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
            [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
            [tr("Campagne di solleciti", "Reminder campaigns")],
          ]}
        />
        <h1>{tr("Campagne di solleciti", "Reminder campaigns")}</h1>
        <p class="lead">
          {tr(
            "Ogni campagna sollecita le posizioni scadute di un filtro dell'elenco, a blocchi, in background. Per avviarne una, filtra le posizioni scadute e usa «Invia sollecito».",
            "Each campaign reminds the overdue positions of a filter of the list, in blocks, in the background. To start one, filter the overdue positions and use “Send a reminder”.",
          )}
        </p>
        <p>
          <a class="btn btn-outline-primary" href="/operatore/posizioni?status=overdue">
            {tr("Posizioni scadute", "Overdue positions")}
          </a>
        </p>
        <CampaignTable state={state} items={data.items} total={data.total} />
        <Pager
          state={state}
          total={data.total}
          size={PAGE_SIZE}
          current={data.page}
          href={(n) => `/operatore/posizioni/solleciti${n > 1 ? `?pagina=${n}` : ""}`}
        />
      </>
    );
  }
  const back = listHref(data.filters);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), back],
          [tr("Solleciti di pagamento", "Payment reminders")],
        ]}
      />
      <h1>{tr("Solleciti di pagamento", "Payment reminders")}</h1>
      {data.filters.payer && (
        <p class="lead">
          {tr(
            `Posizioni scadute e non pagate che corrispondono a «${data.filters.payer}».`,
            `Overdue unpaid positions matching “${data.filters.payer}”.`,
          )}
        </p>
      )}
      <ReminderConfirm state={state} result={data.result} filters={data.filters} back={back} />
    </>
  );
});
