/**
 * Everything the office reads to review an application: what the family declared with the names of
 * what it chose (site, class, diet, route and stop) and the form answers labelled by the service's
 * form, the documents, the messages and the application's history. Staff only (RLS).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { type Field, parseDefinition } from "../forms/definition.ts";
import { getApplication } from "./applications.ts";
import { listMessages, type Message } from "./messages.ts";
import type { ApplicationRow, ItemRow } from "./schemas.ts";

export interface Answer {
  name: string;
  label: string;
  /** The value as people read it (an option's label, "Sì"/"No" for a checkbox). */
  text: string;
}

export interface DossierItem extends ItemRow {
  review_notes: string | null;
  diet_notes: string | null;
  site_name: string | null;
  class_name: string | null;
  diet_name: string | null;
  diet_kind: string | null;
  route_name: string | null;
  stop_name: string | null;
  answer_list: Answer[];
}

export interface DossierDocument {
  id: string;
  item_id: string | null;
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor_kind: string;
  actor_name: string | null;
  action: string;
  entity: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

export interface Dossier {
  application: ApplicationRow & { withdrawal_reason: string | null };
  items: DossierItem[];
  documents: DossierDocument[];
  messages: Message[];
  history: HistoryEntry[];
}

/** Document kinds that are health data (special categories): every download is audited. */
export const HEALTH_DOCUMENTS = new Set(["diet_certificate", "disability"]);

/** Labels a form answer with the field's question and, for choices, the option's label. */
export function labelAnswers(definition: unknown, answers: Record<string, unknown>): Answer[] {
  const fields = parseDefinition(definition).fields;
  const byName = new Map<string, Field>(fields.map((f) => [f.name, f]));
  const text = (f: Field | undefined, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return v ? "Sì" : "No";
    if (f && (f.type === "select" || f.type === "radio")) {
      return f.options.find((o) => o.value === String(v))?.label ?? String(v);
    }
    if (f?.type === "checkbox") return v === "on" || v === "true" ? "Sì" : String(v);
    return String(v);
  };
  const ordered = [
    ...fields.filter((f) => f.name in answers).map((f) => f.name),
    ...Object.keys(answers).filter((k) => !byName.has(k)),
  ];
  return ordered.map((name) => ({
    name,
    label: byName.get(name)?.label ?? name,
    text: text(byName.get(name), answers[name]),
  }));
}

/** The dossier of one application, or null when the caller cannot see it. */
export async function loadDossier(tx: Tx, id: string): Promise<Dossier | null> {
  const application = await getApplication(tx, id);
  if (!application) return null;
  const [extra] = await tx.query<{ withdrawal_reason: string | null }>(
    "select withdrawal_reason from public.applications where tenant_id = app.tenant_id() and id = $1",
    [id],
  );
  const rows = await tx.query<
    Omit<DossierItem, keyof ItemRow | "answer_list"> & { id: string; form_definition: unknown }
  >(
    `select i.id, n.notes as review_notes, i.diet_notes, si.name as site_name, c.name as class_name,
            d.name as diet_name, d.kind as diet_kind, r.name as route_name, st.name as stop_name,
            s.form_definition
       from public.application_items i
       join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
       left join public.application_review_notes n on n.tenant_id = i.tenant_id and n.item_id = i.id
       left join public.sites si on si.tenant_id = i.tenant_id and si.id = i.site_id
       left join public.classes c on c.tenant_id = i.tenant_id and c.id = i.class_id
       left join public.canteen_diets d on d.tenant_id = i.tenant_id and d.id = i.diet_id
       left join public.transport_routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
       left join public.transport_stops st on st.tenant_id = i.tenant_id and st.id = i.stop_id
      where i.tenant_id = app.tenant_id() and i.application_id = $1`,
    [id],
  );
  const extras = new Map(rows.map((r) => [r.id, r]));
  const items: DossierItem[] = application.items.map((i) => {
    const { form_definition, ...x } = extras.get(i.id)!;
    return { ...i, ...x, answer_list: labelAnswers(form_definition, i.answers) };
  });
  const documents = await tx.query<DossierDocument>(
    `select id, item_id, kind, file_name, content_type, size_bytes, created_at
       from public.application_documents
      where tenant_id = app.tenant_id() and application_id = $1 order by created_at, id`,
    [id],
  );
  const history = await tx.query<HistoryEntry>("select * from app.application_history($1)", [id]);
  return {
    application: { ...application, withdrawal_reason: extra?.withdrawal_reason ?? null },
    items,
    documents: documents.map((d) => ({ ...d, created_at: new Date(d.created_at).toISOString() })),
    messages: await listMessages(tx, id),
    history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
  };
}

/**
 * Records that the office read an application holding health data (a diet, a disability): special
 * categories whose every read is audited. Nothing is recorded for applications without them.
 */
export async function auditSpecialView(tx: Tx, d: Dossier): Promise<void> {
  const special = [
    ...new Set(d.items.flatMap((i) => [
      ...(i.diet_id || i.diet_notes ? ["diet"] : []),
      ...((i.child as { disability?: boolean }).disability ? ["disability"] : []),
    ])),
  ];
  if (special.length === 0) return;
  await tx.query(
    "select app.audit_event(app.tenant_id(), 'view', 'applications', $1, $2)",
    [d.application.id, { special }],
  );
}

/**
 * A document of an application to download, or null. Health documents (diet certificates,
 * disability certifications) are special categories: the read is written to the audit log.
 */
export async function documentForDownload(
  tx: Tx,
  applicationId: string,
  documentId: string,
): Promise<DossierDocument & { storage_key: string } | null> {
  const [doc] = await tx.query<DossierDocument & { storage_key: string; tenant_id: string }>(
    `select id, tenant_id, item_id, kind, storage_key, file_name, content_type, size_bytes,
            created_at
       from public.application_documents
      where tenant_id = app.tenant_id() and application_id = $1 and id = $2`,
    [applicationId, documentId],
  );
  if (!doc) return null;
  if (HEALTH_DOCUMENTS.has(doc.kind)) {
    await tx.query("select app.audit_event($1, 'download', 'application_documents', $2, $3)", [
      doc.tenant_id,
      doc.id,
      { application_id: applicationId, kind: doc.kind, file_name: doc.file_name },
    ]);
  }
  const { tenant_id: _t, ...rest } = doc;
  return rest;
}
