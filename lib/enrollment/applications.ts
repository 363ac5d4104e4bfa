/**
 * Applications in the database: create (draft), check against each service's configuration,
 * submit (protocol number and server receipt time, by `app.submit_application`), read back.
 * Every function runs in the caller's transaction, under RLS: a family reaches only its own
 * household's applications, staff their Ente's.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { parseDefinition } from "../forms/definition.ts";
import { validateSubmission } from "../forms/validate.ts";
import { EnrollmentError, type Problem } from "./errors.ts";
import type { ApplicationInput, ApplicationRow, ItemInput, ItemRow } from "./schemas.ts";

export interface CreateOptions {
  userId: string | null;
  channel: "online" | "counter" | "import" | "api";
  idempotencyKey?: string | null;
}

interface ServiceFacts {
  id: string;
  title: string;
  kind: string;
  form_definition: unknown;
  in_year: boolean;
  open: boolean;
}

/**
 * Checks the items against their services: the enrollment window is open (staff may file outside
 * it), the service exists and runs in the school year, the
 * form answers are valid (file fields are attached as documents, not checked here), the diet
 * belongs to the canteen, the stop to a route of the transport service, the class to the year.
 * Throws `EnrollmentError("invalid")` listing every problem.
 */
export async function checkApplication(tx: Tx, input: ApplicationInput): Promise<void> {
  const problems: Problem[] = [];
  const closed: string[] = [];
  const [{ staff }] = await tx.query<{ staff: boolean }>("select app.can_configure() as staff");
  if (!input.declarations.privacy) {
    problems.push({
      path: "declarations.privacy",
      it: "Per inviare la domanda occorre prendere visione dell'informativa sulla privacy.",
      en: "Accept the privacy notice to submit the application.",
    });
  }
  const seen = new Set<string>();
  for (const [i, item] of input.items.entries()) {
    const at = `items.${i}`;
    const key = `${item.service_id}:${item.child.tax_code}`;
    if (seen.has(key)) {
      problems.push({
        path: at,
        it: `Il bambino ${item.child.name} è indicato due volte per lo stesso servizio.`,
        en: `Child ${item.child.name} is listed twice for the same service.`,
      });
    }
    seen.add(key);
    const [svc] = await tx.query<ServiceFacts>(
      `select s.id, s.title, s.kind, s.form_definition,
              exists (select 1 from public.service_school_years y
                       where y.tenant_id = s.tenant_id and y.service_id = s.id
                         and y.school_year_id = $2) as in_year,
              coalesce(s.status = 'published' and now() between s.enrollment_opens_at
                       and s.enrollment_closes_at, false) as open
         from public.services s where s.id = $1 and s.tenant_id = app.tenant_id()`,
      [item.service_id, input.school_year_id],
    );
    if (!svc) {
      problems.push({
        path: `${at}.service_id`,
        it: "Servizio non trovato.",
        en: "No such service.",
      });
      continue;
    }
    if (!svc.open && !staff) closed.push(svc.title);
    if (!svc.in_year) {
      problems.push({
        path: `${at}.service_id`,
        it: `Il servizio «${svc.title}» non è attivo nell'anno scolastico scelto.`,
        en: `The service “${svc.title}” does not run in the chosen school year.`,
      });
    }
    problems.push(...checkAnswers(svc, item, at));
    problems.push(...await checkReferences(tx, svc, item, input.school_year_id, at));
  }
  if (closed.length) {
    const what = [...new Set(closed)].join(", ");
    throw new EnrollmentError(
      "window_closed",
      `Le iscrizioni non sono aperte per: ${what}.`,
      `Enrollment is not open for: ${what}.`,
    );
  }
  if (problems.length) {
    throw new EnrollmentError(
      "invalid",
      "La domanda contiene errori: correggili e invia di nuovo.",
      "The application has errors: correct them and submit again.",
      problems,
    );
  }
}

function checkAnswers(svc: ServiceFacts, item: ItemInput, at: string): Problem[] {
  const def = parseDefinition(svc.form_definition);
  const fields = def.fields.filter((f) => f.type !== "file");
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(item.answers)) {
    if (v === null || v === false) continue;
    raw[k] = v === true ? "on" : String(v);
  }
  const known = new Set(def.fields.map((f) => f.name));
  const problems: Problem[] = Object.keys(item.answers).filter((k) => !known.has(k)).map((k) => ({
    path: `${at}.answers.${k}`,
    it: `Il modulo del servizio «${svc.title}» non ha il campo «${k}».`,
    en: `The form of “${svc.title}” has no field “${k}”.`,
  }));
  const v = validateSubmission({ ...def, fields }, raw);
  if (!v.ok) {
    for (const [name, m] of Object.entries(v.errors)) {
      problems.push({ path: `${at}.answers.${name}`, it: m.it, en: m.en });
    }
  }
  return problems;
}

async function checkReferences(
  tx: Tx,
  svc: ServiceFacts,
  item: ItemInput,
  yearId: string,
  at: string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const one = async (sql: string, params: unknown[]) =>
    (await tx.query<{ ok: boolean }>(sql, params))[0]?.ok === true;
  if (item.diet_id) {
    const ok = svc.kind === "canteen" && await one(
      `select true as ok from public.canteen_diets d
        where d.tenant_id = app.tenant_id() and d.id = $1 and d.service_id = $2 and d.active`,
      [item.diet_id, svc.id],
    );
    if (!ok) {
      problems.push({
        path: `${at}.diet_id`,
        it: `La dieta scelta non è tra quelle del servizio «${svc.title}».`,
        en: `The chosen diet is not one of “${svc.title}”.`,
      });
    }
  }
  if (item.stop_id || item.route_id) {
    const ok = svc.kind === "transport" && await one(
      `select true as ok from public.transport_stops st
         join public.transport_routes r on r.tenant_id = st.tenant_id and r.id = st.route_id
        where st.tenant_id = app.tenant_id() and st.id = $1 and r.service_id = $2 and r.active
          and ($3::uuid is null or r.id = $3)`,
      [item.stop_id ?? null, svc.id, item.route_id ?? null],
    );
    if (!ok) {
      problems.push({
        path: `${at}.stop_id`,
        it: `Scegli una fermata di un percorso del servizio «${svc.title}».`,
        en: `Choose a stop on a route of “${svc.title}”.`,
      });
    }
  }
  if (item.class_id) {
    const ok = await one(
      `select true as ok from public.classes c
        where c.tenant_id = app.tenant_id() and c.id = $1 and c.school_year_id = $2
          and ($3::uuid is null or c.site_id = $3)`,
      [item.class_id, yearId, item.site_id ?? null],
    );
    if (!ok) {
      problems.push({
        path: `${at}.class_id`,
        it: "La classe scelta non è di quell'anno scolastico o di quel plesso.",
        en: "The chosen class is not of that school year or site.",
      });
    }
  }
  return problems;
}

/** The caller's household (a family applies for its own), or the one staff named. */
async function householdFor(tx: Tx, input: ApplicationInput): Promise<string | null> {
  const [me] = await tx.query<{ ids: string[]; staff: boolean }>(
    "select app.my_household_ids() as ids, app.can_configure() as staff",
  );
  if (me.staff) return input.household_id ?? null;
  if (input.household_id && me.ids.includes(input.household_id)) return input.household_id;
  if (me.ids.length === 0) {
    throw new EnrollmentError(
      "invalid",
      "Il tuo profilo non è collegato a un nucleo familiare del Comune: contatta l'ufficio.",
      "Your profile is not linked to a household of the Comune: contact the office.",
    );
  }
  return me.ids[0];
}

/** Inserts a draft application with its items; returns its id. */
export async function createApplication(
  tx: Tx,
  input: ApplicationInput,
  opts: CreateOptions,
): Promise<string> {
  const householdId = await householdFor(tx, input);
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.applications (tenant_id, school_year_id, kind, household_id, applicant_id,
       applicant, declarations, channel, idempotency_key, created_by)
     values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      input.school_year_id,
      input.kind,
      householdId,
      input.applicant_id ?? null,
      input.applicant,
      input.declarations,
      opts.channel,
      opts.idempotencyKey ?? null,
      opts.userId,
    ],
  );
  for (const item of input.items) await addItem(tx, id, input.school_year_id, item);
  return id;
}

/** Adds one child × service to a draft. */
export async function addItem(
  tx: Tx,
  applicationId: string,
  schoolYearId: string,
  item: ItemInput,
): Promise<string> {
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.application_items (tenant_id, application_id, service_id, school_year_id,
       child_id, child, child_tax_code, site_id, class_id, school_level, grade, mode, diet_id,
       diet_notes, route_id, stop_id, answers)
     values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
       $16) returning id`,
    [
      applicationId,
      item.service_id,
      schoolYearId,
      item.child_id ?? null,
      item.child,
      item.child.tax_code,
      item.site_id ?? null,
      item.class_id ?? null,
      item.school_level ?? null,
      item.grade ?? null,
      item.mode ?? null,
      item.diet_id ?? null,
      item.diet_notes ?? null,
      item.route_id ?? null,
      item.stop_id ?? null,
      item.answers,
    ],
  );
  return id;
}

export interface Submitted {
  protocol_number: string;
  submitted_at: string;
  /** True when it had been submitted before (a retry or a double click). */
  already: boolean;
}

/** Submits a draft (idempotent). Database refusals surface as `EnrollmentError`s via errors.ts. */
export async function submitApplication(tx: Tx, id: string): Promise<Submitted> {
  const [r] = await tx.query<{ protocol_number: string; submitted_at: string; already: boolean }>(
    "select * from app.submit_application($1)",
    [id],
  );
  return { ...r, submitted_at: new Date(r.submitted_at).toISOString() };
}

/** The application with this idempotency key, if the caller may see it. */
export async function applicationIdByKey(tx: Tx, key: string): Promise<string | null> {
  const [r] = await tx.query<{ id: string }>(
    "select id from public.applications where tenant_id = app.tenant_id() and idempotency_key = $1",
    [key],
  );
  return r?.id ?? null;
}

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

/** One application with its items, as the API returns it; null when not visible. */
export async function getApplication(tx: Tx, id: string): Promise<ApplicationRow | null> {
  const [a] = await tx.query<Record<string, unknown>>(
    `select a.id, a.school_year_id, y.label as school_year_label, a.kind, a.status, a.channel,
            a.household_id, a.applicant_id, a.applicant, a.declarations, a.protocol_number,
            a.submitted_at, a.withdrawn_at, a.created_at
       from public.applications a
       join public.school_years y on y.tenant_id = a.tenant_id and y.id = a.school_year_id
      where a.tenant_id = app.tenant_id() and a.id = $1`,
    [id],
  );
  if (!a) return null;
  const items = await tx.query<ItemRow>(
    `select i.id, i.service_id, s.title as service_title, i.child_id, i.child, i.child_tax_code,
            i.site_id, i.class_id, i.school_level, i.grade, i.mode, i.diet_id, i.route_id,
            i.stop_id, i.answers, i.outcome, i.outcome_reason, i.reviewed_at, i.communicated_at,
            i.communicated_via
       from public.application_items i
       join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
      where i.tenant_id = app.tenant_id() and i.application_id = $1
      order by i.created_at, i.child ->> 'surname', i.child ->> 'name', i.id`,
    [id],
  );
  return {
    ...(a as unknown as ApplicationRow),
    submitted_at: iso(a.submitted_at),
    withdrawn_at: iso(a.withdrawn_at),
    created_at: iso(a.created_at)!,
    items: items.map((i) => ({
      ...i,
      reviewed_at: iso(i.reviewed_at),
      communicated_at: iso(i.communicated_at),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Drafts, step by step (the families' portal): every step saves the draft under RLS, so a family
// can stop and resume; `submitDraft` checks the whole application again before numbering it.

export interface DraftHeader {
  school_year_id: string;
  kind: "new" | "renewal";
  applicant_id: string | null;
  applicant: ApplicationInput["applicant"];
}

/** Creates an empty draft of the caller's household with its applicant; returns its id. */
export async function createDraft(tx: Tx, h: DraftHeader, userId: string): Promise<string> {
  return await createApplication(
    tx,
    { ...h, applicant_id: h.applicant_id ?? undefined, declarations: {}, items: [] },
    { userId, channel: "online" },
  );
}

/** Changes the kind and the applicant of a draft; false when it is not a draft of the caller. */
export async function updateDraftHeader(
  tx: Tx,
  id: string,
  h: Omit<DraftHeader, "school_year_id">,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.applications set kind = $2, applicant_id = $3, applicant = $4,
            updated_at = clock_timestamp()
      where tenant_id = app.tenant_id() and id = $1 and status = 'draft' returning id`,
    [id, h.kind, h.applicant_id, h.applicant],
  );
  return rows.length === 1;
}

export interface WantedItem {
  service_id: string;
  child_id?: string;
  child: ItemInput["child"];
}

/**
 * Makes the draft's items exactly `wanted` (child × service, keyed by service and codice
 * fiscale): items no longer wanted go (with their documents), those kept keep their answers.
 */
export async function setDraftItems(
  tx: Tx,
  id: string,
  schoolYearId: string,
  wanted: WantedItem[],
): Promise<void> {
  const have = await tx.query<{ id: string; service_id: string; child_tax_code: string | null }>(
    `select id, service_id, child_tax_code from public.application_items
      where tenant_id = app.tenant_id() and application_id = $1`,
    [id],
  );
  const key = (s: string, cf: string | null) => `${s}:${cf ?? ""}`;
  const want = new Set(wanted.map((w) => key(w.service_id, w.child.tax_code)));
  const gone = have.filter((h) => !want.has(key(h.service_id, h.child_tax_code))).map((h) => h.id);
  if (gone.length) {
    await tx.query(
      "delete from public.application_items where tenant_id = app.tenant_id() and id = any ($1::uuid[])",
      [gone],
    );
  }
  const kept = new Set(have.map((h) => key(h.service_id, h.child_tax_code)));
  for (const w of wanted) {
    if (kept.has(key(w.service_id, w.child.tax_code))) continue;
    await addItem(tx, id, schoolYearId, { ...w, answers: {} });
  }
}

export interface ItemDetails {
  answers: ItemInput["answers"];
  site_id: string | null;
  mode: ItemInput["mode"] | null;
  diet_id: string | null;
  diet_notes: string | null;
  route_id: string | null;
  stop_id: string | null;
}

/** Saves what the family filled in for one child × service of a draft. */
export async function saveItemDetails(
  tx: Tx,
  applicationId: string,
  itemId: string,
  d: ItemDetails,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.application_items
        set answers = $3, site_id = $4, mode = $5, diet_id = $6, diet_notes = $7, route_id = $8,
            stop_id = $9, updated_at = clock_timestamp()
      where tenant_id = app.tenant_id() and application_id = $1 and id = $2 returning id`,
    [
      applicationId,
      itemId,
      d.answers,
      d.site_id,
      d.mode ?? null,
      d.diet_id,
      d.diet_notes,
      d.route_id,
      d.stop_id,
    ],
  );
  return rows.length === 1;
}

/** Records the declarations (code → accepted-at) of a draft. */
export async function saveDeclarations(
  tx: Tx,
  id: string,
  declarations: Record<string, string>,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.applications set declarations = $2, updated_at = clock_timestamp()
      where tenant_id = app.tenant_id() and id = $1 and status = 'draft' returning id`,
    [id, declarations],
  );
  return rows.length === 1;
}

export interface DocumentRow {
  id: string;
  item_id: string | null;
  kind: "diet_certificate" | "isee" | "disability" | "identity" | "other";
  storage_key: string;
  file_name: string;
  content_type: "application/pdf" | "image/jpeg" | "image/png";
  size_bytes: number;
  created_at: string;
}

/** Records an uploaded file (already stored under `storage_key`); returns its id. */
export async function addDocument(
  tx: Tx,
  d: Omit<DocumentRow, "id" | "created_at"> & { application_id: string; uploaded_by: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.application_documents (tenant_id, application_id, item_id, kind,
       storage_key, file_name, content_type, size_bytes, uploaded_by)
     values (app.tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      d.application_id,
      d.item_id,
      d.kind,
      d.storage_key,
      d.file_name,
      d.content_type,
      d.size_bytes,
      d.uploaded_by,
    ],
  );
  return row.id;
}

/** The documents of an application, oldest first. */
export async function listDocuments(tx: Tx, applicationId: string): Promise<DocumentRow[]> {
  const rows = await tx.query<DocumentRow>(
    `select id, item_id, kind, storage_key, file_name, content_type, size_bytes, created_at
       from public.application_documents
      where tenant_id = app.tenant_id() and application_id = $1 order by created_at, id`,
    [applicationId],
  );
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at)! }));
}

/** Removes documents of a draft (replaced or no longer needed); returns their storage keys. */
export async function deleteDocuments(tx: Tx, applicationId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await tx.query<{ storage_key: string }>(
    `delete from public.application_documents
      where tenant_id = app.tenant_id() and application_id = $1 and id = any ($2::uuid[])
      returning storage_key`,
    [applicationId, ids],
  );
  return rows.map((r) => r.storage_key);
}

/** A draft as the input `checkApplication` judges (what the family filled in so far). */
export function draftAsInput(a: ApplicationRow): ApplicationInput {
  const opt = <T>(v: T | null) => v ?? undefined;
  return {
    school_year_id: a.school_year_id,
    kind: a.kind,
    applicant_id: opt(a.applicant_id),
    applicant: a.applicant as ApplicationInput["applicant"],
    declarations: a.declarations as Record<string, string>,
    items: a.items.map((i) => ({
      service_id: i.service_id,
      child_id: opt(i.child_id),
      child: i.child as ItemInput["child"],
      site_id: opt(i.site_id),
      class_id: opt(i.class_id),
      school_level: opt(i.school_level) as ItemInput["school_level"],
      grade: opt(i.grade),
      mode: opt(i.mode) as ItemInput["mode"],
      diet_id: opt(i.diet_id),
      route_id: opt(i.route_id),
      stop_id: opt(i.stop_id),
      answers: i.answers as ItemInput["answers"],
    })),
  };
}

export interface MessageRow {
  id: string;
  item_id: string | null;
  direction: "to_family" | "from_family" | "system";
  subject: string;
  body: string;
  channel: string;
  author_name: string | null;
  created_at: string;
  read_at: string | null;
}

/** The thread of an application, oldest first. */
export async function listMessages(tx: Tx, applicationId: string): Promise<MessageRow[]> {
  const rows = await tx.query<MessageRow>(
    `select m.id, m.item_id, m.direction, m.subject, m.body, m.channel,
            (select u.full_name from public.users u where u.id = m.author_id) as author_name,
            m.created_at, m.read_at
       from public.application_messages m
      where m.tenant_id = app.tenant_id() and m.application_id = $1
      order by m.created_at, m.id`,
    [applicationId],
  );
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at)!, read_at: iso(r.read_at) }));
}

/** The family reads the office's messages: they are marked read. */
export async function markMessagesRead(tx: Tx, applicationId: string): Promise<void> {
  await tx.query(
    `update public.application_messages set read_at = clock_timestamp()
      where tenant_id = app.tenant_id() and application_id = $1 and direction <> 'from_family'
        and read_at is null`,
    [applicationId],
  );
}

/** A family's reply on the portal; returns its id. */
export async function addFamilyMessage(
  tx: Tx,
  m: {
    applicationId: string;
    itemId: string | null;
    subject: string;
    body: string;
    userId: string;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.application_messages (tenant_id, application_id, item_id, direction,
       subject, body, channel, author_id)
     values (app.tenant_id(), $1, $2, 'from_family', $3, $4, 'portal', $5) returning id`,
    [m.applicationId, m.itemId, m.subject, m.body, m.userId],
  );
  return row.id;
}

/** Withdraws a submitted application (`app.withdraw_application`: refusals via errors.ts). */
export async function withdrawApplication(tx: Tx, id: string, reason: string): Promise<void> {
  await tx.query("select app.withdraw_application($1, $2)", [id, reason]);
}

/** The e-mail addresses of the parents and guardians of a household, for communications. */
export async function householdEmails(tx: Tx, householdId: string): Promise<string[]> {
  const rows = await tx.query<{ email: string }>(
    `select distinct lower(coalesce(p.email, u.email)) as email
       from public.household_members m
       join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
       left join public.users u on u.id = p.user_id
      where m.tenant_id = app.tenant_id() and m.household_id = $1
        and m.role in ('parent', 'legal_guardian') and p.merged_into is null
        and coalesce(p.email, u.email) is not null`,
    [householdId],
  );
  return rows.map((r) => r.email);
}

/**
 * Submits a draft from the portal: checks everything again (fields, window, references), numbers
 * it (idempotent: a second click returns the first submission) and, the first time only, queues
 * an e-mail with the protocol number to every parent of the household, in the same transaction.
 */
export async function submitDraft(
  tx: Tx,
  id: string,
  mail: { tenantId: string; tenantName: string; url: string },
): Promise<Submitted> {
  const a = await getApplication(tx, id);
  if (!a) throw new EnrollmentError("not_found", "Domanda non trovata.", "Application not found.");
  if (a.status === "draft") await checkApplication(tx, draftAsInput(a));
  const r = await submitApplication(tx, id);
  if (!r.already && a.household_id) {
    const when = new Intl.DateTimeFormat("it-IT", {
      dateStyle: "long",
      timeStyle: "medium",
      timeZone: "Europe/Rome",
    }).format(new Date(r.submitted_at));
    const lines = a.items.map((i) => {
      const c = i.child as { name?: string; surname?: string };
      return `- ${c.name ?? ""} ${c.surname ?? ""}: ${i.service_title}`;
    });
    const text = [
      "Gentile famiglia,",
      "",
      `la domanda di iscrizione per l'anno ${a.school_year_label} è stata ricevuta il ${when}`,
      `con protocollo n. ${r.protocol_number}.`,
      "",
      ...lines,
      "",
      `Puoi seguirne lo stato e scaricare la ricevuta qui: ${mail.url}`,
      "",
      mail.tenantName,
    ].join("\n");
    await tx.query("select app.queue_submission_receipt($1, $2, $3)", [
      id,
      `Domanda di iscrizione ricevuta – protocollo n. ${r.protocol_number}`,
      text,
    ]);
  }
  return r;
}
