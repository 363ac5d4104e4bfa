import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import {
  type AudiencePreview,
  type Communication,
  isProviderTarget,
  listCommunications,
  previewAudience,
  type ProviderTarget,
  providerTargets,
  sendableServices,
  sendCommunication,
} from "../../../../lib/diary/communications.ts";
import { checkAudience, checkNotice, refusalOf } from "../../../../lib/diary/rules.ts";
import { type Ctx, page, type State } from "../../../../lib/http/define.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";

export interface NoticesData {
  services: { id: string; title: string; notices_enabled: boolean }[];
  sites: { id: string; name: string }[];
  classes: { id: string; name: string; site_name: string }[];
  /** For a provider: where children of its services are enrolled (the sites and classes above). */
  targets: ProviderTarget[];
  history: Communication[];
  values: { service_id: string; site_id: string; class_id: string; subject: string; body: string };
  errors: FieldErrors;
  preview: AudiencePreview | null;
  sent: boolean;
}

const EMPTY = { service_id: "", site_id: "", class_id: "", subject: "", body: "" };

/** The office's choices: every site and this year's classes. */
async function officeChoices(tx: Tx) {
  return {
    sites: await tx.query<{ id: string; name: string }>(
      "select id, name from public.sites where tenant_id = app.tenant_id() order by name",
    ),
    classes: await tx.query<{ id: string; name: string; site_name: string }>(
      `select c.id, c.name, s.name as site_name from public.classes c
         join public.school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
         join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
        where c.tenant_id = app.tenant_id()
          and y.ends_on >= (now() at time zone 'Europe/Rome')::date
        order by s.name, c.name`,
    ),
    targets: [] as ProviderTarget[],
  };
}

/**
 * A provider's choices: it reads no sites or classes, so only those where children are enrolled
 * today in one of its services, offered by name by the database.
 */
async function providerChoices(tx: Tx) {
  const targets = await providerTargets(tx);
  const sites = new Map<string, { id: string; name: string }>();
  const classes = new Map<string, { id: string; name: string; site_name: string }>();
  for (const t of targets) {
    sites.set(t.site_id, { id: t.site_id, name: t.site_name });
    if (t.class_id) {
      classes.set(t.class_id, { id: t.class_id, name: t.class_name ?? "", site_name: t.site_name });
    }
  }
  return { sites: [...sites.values()], classes: [...classes.values()], targets };
}

async function base(c: Ctx, office: boolean) {
  const { db, claims } = c.get("state");
  return await db.asUser(claims!, async (tx) => ({
    services: await sendableServices(tx),
    ...(office ? await officeChoices(tx) : await providerChoices(tx)),
    history: await listCommunications(tx, { limit: 100, offset: 0 }),
  }));
}

/** `office` false: a provider, who may narrow only to the sites and classes of its services. */
export async function noticesGet(c: Ctx, office = true) {
  const sent = new URL(c.req.url).searchParams.get("inviata") === "1";
  return page<NoticesData>({
    ...await base(c, office),
    values: EMPTY,
    errors: {},
    preview: null,
    sent,
  });
}

/** Preview (`action=preview`) or send; `back` is the page to return to after sending. */
export async function noticesPost(c: Ctx, back: string, office = true) {
  const state = c.get("state");
  const form = await c.req.parseBody();
  const str = (k: string) => typeof form[k] === "string" ? form[k] as string : "";
  const values = {
    service_id: str("service_id"),
    site_id: str("site_id"),
    class_id: str("class_id"),
    subject: str("subject"),
    body: str("body"),
  };
  const data = await base(c, office);
  const errors: FieldErrors = {};
  const audience = checkAudience(values);
  if (!audience.ok) {
    errors[audience.problem.code === "notice.site_and_class" ? "site_id" : "service_id"] =
      audience.problem[state.lang];
  } else if (!data.services.some((s) => s.id === audience.value.service_id)) {
    errors.service_id = state.tr(
      "Scegli uno dei servizi dell'elenco.",
      "Choose one of the services in the list.",
    );
  } else if (!office && !isProviderTarget(data.targets, audience.value)) {
    errors[audience.value.class_id ? "class_id" : "site_id"] = state.tr(
      "Nessun bambino è iscritto al servizio scelto in questo plesso o classe: scegli uno di quelli dell'elenco.",
      "No child is enrolled in the chosen service at this site or class: choose one in the list.",
    );
  }
  const previewing = str("action") === "preview";
  const text = checkNotice(values);
  if (!previewing && !text.ok) {
    for (const [f, p] of Object.entries(text.problems)) errors[f] = p[state.lang];
  }
  if (Object.keys(errors).length || !audience.ok) {
    return page<NoticesData>({ ...data, values, errors, preview: null, sent: false }, {
      status: 422,
    });
  }
  try {
    const result = await state.db.asUser(state.claims!, async (tx) => {
      const preview = await previewAudience(tx, audience.value);
      if (previewing || !text.ok) return { preview, sent: false };
      await sendCommunication(tx, audience.value, text.value);
      return { preview, sent: true };
    });
    if (result.sent) return c.redirect(`${back}?inviata=1`, 303);
    return page<NoticesData>({ ...data, values, errors, preview: result.preview, sent: false });
  } catch (e) {
    const refusal = refusalOf(e);
    const denied = (e as { code?: string }).code === "42501";
    if (!refusal && !denied) throw e;
    return page<NoticesData>({
      ...data,
      values,
      errors: refusal ? { service_id: refusal[state.lang] } : {
        [values.class_id ? "class_id" : values.site_id ? "site_id" : "service_id"]: state.tr(
          "Non puoi scrivere alle famiglie di questo servizio, plesso o classe.",
          "You cannot write to the families of this service, site or class.",
        ),
      },
      preview: null,
      sent: false,
    }, { status: 422 });
  }
}

/** The compose form (with the recipients' preview) and the history with read counts. */
export function Notices(
  { data, state, action, office }: {
    data: NoticesData;
    state: State;
    action: string;
    office: boolean;
  },
) {
  const tr = state.tr;
  const { values, errors, preview } = data;
  return (
    <>
      <h1>{tr("Comunicazioni alle famiglie", "Notices to families")}</h1>
      <p class="lead">
        {tr(
          "Scrivi alle famiglie dei bambini iscritti a un servizio, anche solo di un plesso o di una classe: ricevono la comunicazione per e-mail (entrambi i genitori) e nella loro area personale.",
          "Write to the families of the children enrolled in a service, or only of one site or class: they receive the notice by e-mail (both parents) and in their personal area.",
        )}
      </p>
      {data.sent && (
        <div class="alert alert-success" role="status">
          {tr("Comunicazione inviata.", "Notice sent.")}
        </div>
      )}
      <section aria-labelledby="compose-title" class="mb-5">
        <h2 id="compose-title" class="h4">{tr("Nuova comunicazione", "New notice")}</h2>
        <ErrorSummary state={state} errors={errors} level={3} />
        {preview && (
          <div class="alert alert-info" role="status" id="audience-preview">
            {tr(
              `Destinatari: ${preview.recipients} adulti di ${preview.children} bambini; ${preview.with_email} con indirizzo e-mail, ${preview.with_account} con accesso al portale.`,
              `Recipients: ${preview.recipients} adults of ${preview.children} children; ${preview.with_email} with an e-mail address, ${preview.with_account} with portal access.`,
            )}
          </div>
        )}
        <form method="post" action={action} noValidate>
          <CsrfField state={state} />
          <RequiredNote state={state} />
          <SelectField
            state={state}
            id="service_id"
            label={tr("Servizio", "Service")}
            value={values.service_id}
            options={data.services.map((s) => [
              s.id,
              s.notices_enabled ? s.title : tr(
                `${s.title} (comunicazioni non attive)`,
                `${s.title} (notices not enabled)`,
              ),
            ])}
            empty={tr("Scegli il servizio", "Choose the service")}
            errors={errors}
            required
          />
          {(office || data.sites.length > 0) && (
            <>
              <SelectField
                state={state}
                id="site_id"
                label={tr("Solo le famiglie di un plesso", "Only the families of a site")}
                value={values.site_id}
                options={data.sites.map((s) => [s.id, s.name])}
                empty={tr("Tutti i plessi", "All sites")}
                errors={errors}
                hint={office ? undefined : tr(
                  "Sono elencati i plessi e le classi con bambini iscritti ai vostri servizi; ricevono solo le famiglie dei bambini iscritti al servizio scelto.",
                  "Listed are the sites and classes with children enrolled in your services; only the families of the children enrolled in the chosen service receive it.",
                )}
              />
              <SelectField
                state={state}
                id="class_id"
                label={tr("Solo le famiglie di una classe", "Only the families of a class")}
                value={values.class_id}
                options={data.classes.map((c) => [c.id, `${c.name} — ${c.site_name}`])}
                empty={tr("Tutte le classi", "All classes")}
                errors={errors}
              />
            </>
          )}
          <TextField
            state={state}
            id="subject"
            label={tr("Oggetto", "Subject")}
            value={values.subject}
            errors={errors}
            required
            maxLength={200}
          />
          <TextAreaField
            state={state}
            id="body"
            label={tr("Testo", "Text")}
            value={values.body}
            errors={errors}
            required
            maxLength={10000}
            rows={6}
          />
          <button type="submit" name="action" value="preview" class="btn btn-outline-primary me-2">
            {tr("Conta i destinatari", "Count the recipients")}
          </button>
          <button type="submit" name="action" value="send" class="btn btn-primary">
            {tr("Invia", "Send")}
          </button>
        </form>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title" class="h4">{tr("Inviate", "Sent")}</h2>
        {data.history.length === 0
          ? <p>{tr("Nessuna comunicazione inviata.", "No notices sent.")}</p>
          : (
            <div class="table-responsive">
              <table class="table" id="notices-history">
                <caption>
                  {tr(
                    "Comunicazioni inviate, dalla più recente, con quante persone le hanno lette nel portale",
                    "Notices sent, newest first, with how many people read them in the portal",
                  )}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{tr("Inviata il", "Sent on")}</th>
                    <th scope="col">{tr("Oggetto", "Subject")}</th>
                    <th scope="col">{tr("Destinatari", "Audience")}</th>
                    <th scope="col">{tr("Da", "From")}</th>
                    <th scope="col" class="text-end">{tr("Lette", "Read")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.history.map((n) => (
                    <tr key={n.id}>
                      <td>{formatDateTime(state.lang, n.sent_at)}</td>
                      <th scope="row">{n.subject}</th>
                      <td>
                        {n.service_title}
                        {n.site_name && ` · ${n.site_name}`}
                        {n.class_name && ` · ${tr("classe", "class")} ${n.class_name}`}
                      </td>
                      <td>{n.author_name}</td>
                      <td class="text-end">{n.read_count} / {n.recipient_count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
    </>
  );
}
