/**
 * The demo Comune's services for 2026/27: canteen, transport, nursery, pre- and post-school and a
 * summer camp, published, each with its calendar (Toscana's school calendar, the patron saint
 * San Martino on 11 November), online form and texts for citizens; the canteen also with diets,
 * a four-week menu with allergens and the daily attendance communication.
 *
 * @module
 */

import { romeInstant } from "../calendar/dates.ts";
import { toscanaSchoolCalendar } from "../calendar/school_calendar.ts";
import type { Tx } from "../db/types.ts";
import { type FieldInput, parseDefinition } from "../forms/definition.ts";
import { CANTEEN_FORM_FIELDS } from "../forms/examples.ts";
import { DEMO_DIETS, demoMenuItems, NURSERY_FORM, TRANSPORT_FORM } from "./demo_data.ts";
import type { BillingMode, ServiceKind } from "./labels.ts";

export const DEMO_SCHOOL_YEAR = {
  label: "2026/27",
  starts_on: "2026-09-01",
  ends_on: "2027-08-31",
};
const SCHOOL = toscanaSchoolCalendar(2026);
const LESSONS = {
  kind: "period",
  label: "Lezioni (calendario scolastico regionale)",
  ...SCHOOL.lessons,
};
const BREAKS = SCHOOL.breaks.map((b) => ({ kind: "break", label: b.it, from: b.from, to: b.to }));

interface DemoService {
  kind: ServiceKind;
  code: string;
  title: string;
  description: string;
  citizenInfo: string;
  billing: BillingMode;
  window: [string, string];
  diary: boolean;
  notices: boolean;
  weekdays: number[];
  ranges: { kind: string; label: string; from: string; to: string }[];
  form: FieldInput[];
  /** The registry's provider kind to link, when the registry has one. */
  providerKind?: string;
}

const DEMO_SERVICES: DemoService[] = [
  {
    kind: "canteen",
    code: "MENSA",
    title: "Refezione scolastica",
    description:
      "Pranzo per gli alunni delle scuole dell'infanzia e primarie del Comune, preparato nel centro cottura comunale.",
    citizenInfo:
      "Il servizio segue il calendario scolastico regionale. Il pasto si paga con il borsellino elettronico: ricarica il credito con pagoPA e ogni presenza scala il costo del pasto. Le diete sanitarie richiedono il certificato del pediatra; le diete etiche e religiose si richiedono nel modulo di iscrizione.",
    billing: "prepaid_wallet",
    window: ["2026-05-04T09:00", "2026-06-30T23:59"],
    diary: false,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [LESSONS, ...BREAKS],
    form: CANTEEN_FORM_FIELDS,
    providerKind: "caterer",
  },
  {
    kind: "transport",
    code: "TRASPORTO",
    title: "Trasporto scolastico",
    description: "Scuolabus per le scuole primarie e secondarie di primo grado del Comune.",
    citizenInfo:
      "Lo scuolabus effettua le linee e le fermate pubblicate. La tariffa annuale si paga in due rate con avviso pagoPA (novembre e marzo).",
    billing: "pagopa_notice",
    window: ["2026-05-04T09:00", "2026-07-15T23:59"],
    diary: false,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [LESSONS, ...BREAKS],
    form: TRANSPORT_FORM,
    providerKind: "bus_company",
  },
  {
    kind: "nursery",
    code: "NIDO",
    title: "Asilo nido comunale «Il Girotondo»",
    description: "Nido d'infanzia per bambine e bambini da 3 a 36 mesi.",
    citizenInfo:
      "La graduatoria è pubblicata entro il 15 giugno. La retta mensile dipende dall'ISEE e dall'orario di frequenza; si paga con avviso pagoPA entro il giorno 20 del mese.",
    billing: "pagopa_notice",
    window: ["2026-04-01T09:00", "2026-04-30T23:59"],
    diary: true,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [
      { kind: "period", label: "Anno educativo", from: "2026-09-01", to: "2027-07-16" },
      ...BREAKS,
    ],
    form: NURSERY_FORM,
  },
  {
    kind: "pre_school",
    code: "PRESCUOLA",
    title: "Pre-scuola",
    description: "Accoglienza dalle 7:30 all'inizio delle lezioni, nelle scuole primarie.",
    citizenInfo:
      "Il servizio è attivo con almeno 8 iscritti per plesso. Quota fissa mensile con avviso pagoPA.",
    billing: "pagopa_notice",
    window: ["2026-05-04T09:00", "2026-06-30T23:59"],
    diary: false,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [LESSONS, ...BREAKS],
    form: [],
    providerKind: "cooperative",
  },
  {
    kind: "post_school",
    code: "POSTSCUOLA",
    title: "Post-scuola",
    description:
      "Sorveglianza e attività dalla fine delle lezioni alle 18:00, nelle scuole primarie.",
    citizenInfo:
      "Il servizio è attivo con almeno 10 iscritti per plesso. Quota fissa mensile con avviso pagoPA.",
    billing: "pagopa_notice",
    window: ["2026-05-04T09:00", "2026-06-30T23:59"],
    diary: true,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [LESSONS, ...BREAKS],
    form: [],
    providerKind: "cooperative",
  },
  {
    kind: "summer_camp",
    code: "ESTATE",
    title: "Centro estivo «Estate insieme»",
    description: "Attività ricreative e sportive per bambine e bambini dai 3 agli 11 anni.",
    citizenInfo:
      "Turni settimanali dal 14 giugno al 30 luglio 2027, dalle 8:00 alle 16:00, pranzo compreso. Si paga con avviso pagoPA prima dell'inizio di ogni turno.",
    billing: "pagopa_notice",
    window: ["2027-04-12T09:00", "2027-05-14T23:59"],
    diary: true,
    notices: true,
    weekdays: [1, 2, 3, 4, 5],
    ranges: [{ kind: "period", label: "Turni estivi", from: "2027-06-14", to: "2027-07-30" }],
    form: [],
    providerKind: "cooperative",
  },
];

async function seedCalendar(tx: Tx, tenantId: string, serviceId: string, s: DemoService) {
  await tx.query(
    `insert into public.service_calendars
       (tenant_id, service_id, weekdays, patron_name, patron_month, patron_day)
     values ($1, $2, $3::smallint[], 'San Martino', 11, 11)`,
    [tenantId, serviceId, s.weekdays],
  );
  for (const r of s.ranges) {
    await tx.query(
      `insert into public.service_calendar_ranges (tenant_id, service_id, kind, label, starts_on, ends_on)
       values ($1, $2, $3, $4, $5, $6)`,
      [tenantId, serviceId, r.kind, r.label, r.from, r.to],
    );
  }
}

async function seedCanteen(tx: Tx, tenantId: string, serviceId: string) {
  await tx.query(
    `insert into public.canteen_settings (tenant_id, service_id, attendance_cutoff, attendance_recipients)
     values ($1, $2, '09:30', $3::text[])`,
    [tenantId, serviceId, [
      "cucina@ristorazionecolli.example",
      "servizi.scolastici@comune.valdiponte.example",
    ]],
  );
  for (const [code, name, kind, certificate, description] of DEMO_DIETS) {
    await tx.query(
      `insert into public.canteen_diets
         (tenant_id, service_id, code, name, kind, certificate_required, description)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, serviceId, code, name, kind, certificate, description],
    );
  }
  const [menu] = await tx.query<{ id: string }>(
    `insert into public.canteen_menus (tenant_id, service_id, name, rotation_weeks, starts_on, ends_on)
     values ($1, $2, 'Menù invernale 2026/27', 4, '2026-09-14', '2027-06-30') returning id`,
    [tenantId, serviceId],
  );
  for (const [position, i] of demoMenuItems().entries()) {
    await tx.query(
      `insert into public.canteen_menu_items
         (tenant_id, menu_id, week, weekday, course, position, dish, allergens)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text[])`,
      [tenantId, menu.id, i.week, i.weekday, i.course, position, i.dish, i.allergens],
    );
  }
  await tx.query(
    `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
     values ($1, $2, 'strike', 'Sciopero del personale della ristorazione scolastica', '2026-11-20', '2026-11-20')`,
    [tenantId, serviceId],
  );
}

/**
 * Loads the demo services into the Ente `tenantId` (inside `seedDemo`'s transaction, as
 * service_role). The 2026/27 school year is shared with other seeds (`on conflict do nothing`).
 */
export async function seedDemoServices(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `insert into public.school_years (tenant_id, label, starts_on, ends_on)
     values ($1, $2, $3, $4) on conflict (tenant_id, label) do nothing`,
    [tenantId, DEMO_SCHOOL_YEAR.label, DEMO_SCHOOL_YEAR.starts_on, DEMO_SCHOOL_YEAR.ends_on],
  );
  const [year] = await tx.query<{ id: string }>(
    "select id from public.school_years where tenant_id = $1 and label = $2",
    [tenantId, DEMO_SCHOOL_YEAR.label],
  );
  for (const s of DEMO_SERVICES) {
    const [provider] = s.providerKind
      ? await tx.query<{ id: string }>(
        `select id from public.organizations
          where tenant_id = $1 and kind = 'provider' and provider_kind = $2 order by name limit 1`,
        [tenantId, s.providerKind],
      )
      : [];
    const [row] = await tx.query<{ id: string }>(
      `insert into public.services (tenant_id, kind, code, title, description, provider_id,
         billing_mode, enrollment_opens_at, enrollment_closes_at, citizen_info, form_definition,
         diary_enabled, notices_enabled)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        tenantId,
        s.kind,
        s.code,
        s.title,
        s.description,
        provider?.id ?? null,
        s.billing,
        romeInstant(s.window[0])!.toISOString(),
        romeInstant(s.window[1])!.toISOString(),
        s.citizenInfo,
        parseDefinition({ fields: s.form }),
        s.diary,
        s.notices,
      ],
    );
    await tx.query(
      "insert into public.service_school_years (tenant_id, service_id, school_year_id) values ($1, $2, $3)",
      [tenantId, row.id, year.id],
    );
    await seedCalendar(tx, tenantId, row.id, s);
    if (s.kind === "canteen") await seedCanteen(tx, tenantId, row.id);
    // Published last, through the same check an office goes through.
    await tx.query("update public.services set status = 'published' where id = $1", [row.id]);
  }
}
