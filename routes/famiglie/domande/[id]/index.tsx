import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  FamilyBreadcrumb,
  OutcomeBadge,
  romeDateTime,
  StatusBadge,
} from "../../../../components/family/Family.tsx";
import { ErrorSummary, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import {
  addDocument,
  addFamilyMessage,
  type DocumentRow,
  listDocuments,
  listMessages,
  markMessagesRead,
  type MessageRow,
} from "../../../../lib/enrollment/applications.ts";
import { checkDocument, cleanFileName } from "../../../../lib/enrollment/portal.ts";
import { itemsDone } from "../../../../lib/enrollment/portal_db.ts";
import { loadApplication, resumeUrl } from "../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { type Ctx, define, page } from "../../../../lib/http/define.ts";
import { newStorageKey, storageFor } from "../../../../lib/storage/mod.ts";

interface Data {
  a: ApplicationRow;
  docs: DocumentRow[];
  messages: MessageRow[];
  notice: string | null;
  /** The reply being written, kept when it is refused. */
  reply: string;
  errors: FieldErrors;
}

const DOC_KINDS: Record<DocumentRow["kind"], [string, string]> = {
  diet_certificate: ["Certificato medico per la dieta", "Medical certificate for the diet"],
  isee: ["Attestazione ISEE", "ISEE attestation"],
  disability: ["Certificazione di disabilità", "Disability certification"],
  identity: ["Documento d'identità", "Identity document"],
  other: ["Documento", "Document"],
};

async function thread(c: Ctx, a: ApplicationRow) {
  const { db, claims } = c.get("state");
  return await db.asUser(claims!, async (tx) => {
    const messages = await listMessages(tx, a.id);
    await markMessagesRead(tx, a.id);
    return { docs: await listDocuments(tx, a.id), messages };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const a = await loadApplication(c);
    if (a.status === "draft") {
      const done = await db.asUser(claims!, (tx) => itemsDone(tx, a.id));
      return c.redirect(resumeUrl(a, done), 303);
    }
    const { docs, messages } = await thread(c, a);
    const notice = c.req.query("inviata")
      ? "sent"
      : c.req.query("ritirata")
      ? "withdrawn"
      : c.req.query("risposta")
      ? "replied"
      : c.req.query("errore") ?? null;
    return page({ a, docs, messages, notice, reply: "", errors: {} });
  },
  /** The family writes to the office, attaching a document when asked for an integration. */
  async POST(c) {
    const state = c.get("state");
    const { db, claims } = state;
    const a = await loadApplication(c);
    if (a.status === "draft") return c.redirect(`/famiglie/domande/${a.id}`, 303);
    const body = await c.req.parseBody();
    const reply = typeof body.body === "string" ? body.body.trim() : "";
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    const needing = a.items.find((i) => i.outcome === "needs_integration");
    const errors: FieldErrors = {};
    if (a.status !== "submitted") {
      errors.body = state.tr(
        "La domanda è stata ritirata: per scrivere all'ufficio usa i contatti in fondo alla pagina iniziale.",
        "The application was withdrawn: use the contacts on the home page to write to the office.",
      );
    } else if (!reply && !file) {
      errors.body = state.tr("Scrivi il messaggio per l'ufficio.", "Write your message.");
    } else if (reply.length > 5000) {
      errors.body = state.tr(
        `Il messaggio è troppo lungo: al massimo 5000 caratteri (ne hai scritti ${reply.length}).`,
        `The message is too long: at most 5000 characters (you wrote ${reply.length}).`,
      );
    }
    let doc: { bytes: Uint8Array; type: DocumentRow["content_type"]; name: string } | null = null;
    if (file && !needing) {
      errors.file = state.tr(
        "L'ufficio non ha chiesto documenti per questa domanda: scrivi il messaggio senza allegato.",
        "The office has not asked for documents for this application: send the message alone.",
      );
    } else if (file) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = checkDocument(bytes, { it: "documento", en: "document" });
      if (!r.ok) errors.file = r.errors.file[state.lang];
      else doc = { bytes, type: r.value, name: cleanFileName(file.name, r.value) };
    }
    if (Object.keys(errors).length) {
      const { docs, messages } = await thread(c, a);
      return page({ a, docs, messages, notice: null, reply, errors }, { status: 422 });
    }
    const storage = storageFor(state.config);
    const key = doc ? newStorageKey(claims!.app_metadata.tenant_id!) : null;
    if (doc && key) await storage.put(key, doc.bytes);
    try {
      await db.asUser(claims!, async (tx) => {
        if (doc && key) {
          await addDocument(tx, {
            application_id: a.id,
            item_id: needing!.id,
            kind: "other",
            storage_key: key,
            file_name: doc.name,
            content_type: doc.type,
            size_bytes: doc.bytes.length,
            uploaded_by: claims!.sub,
          });
        }
        await addFamilyMessage(tx, {
          applicationId: a.id,
          itemId: needing?.id ?? null,
          subject: doc ? "Integrazione documentale" : "Messaggio della famiglia",
          body: reply || `Allegato: ${doc!.name}`,
          userId: claims!.sub,
        });
      });
    } catch (e) {
      if (key) await storage.delete(key);
      throw e;
    }
    return c.redirect(`/famiglie/domande/${a.id}?risposta=1#messages-title`, 303);
  },
});

const formatKb = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1024))} kB`;

/** A submitted application: protocol, status of each child × service, documents, messages. */
export default define.page<Data>(function ApplicationPage({ data, state }) {
  const tr = state.tr;
  const { a, docs, messages, notice, errors } = data;
  const canWithdraw = a.status === "submitted" && !a.items.some((i) => i.outcome === "accepted");
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda", "Application")]]} />
      <h1>{tr(`Domanda n. ${a.protocol_number}`, `Application no. ${a.protocol_number}`)}</h1>
      {notice === "sent" && (
        <div class="alert alert-success" role="status">
          <h2 class="h4">{tr("Domanda inviata", "Application submitted")}</h2>
          <p class="mb-1">
            {tr("Protocollo n.", "Protocol no.")} <strong>{a.protocol_number}</strong>,{" "}
            {tr("ricevuta il", "received on")}{" "}
            <strong>{romeDateTime(state, a.submitted_at!)}</strong>
          </p>
          <p class="mb-0">
            {tr(
              "Abbiamo inviato la ricevuta per e-mail ai genitori del nucleo.",
              "We e-mailed the receipt to the parents of the household.",
            )}
          </p>
        </div>
      )}
      {notice === "withdrawn" && (
        <Alert kind="success">{tr("Domanda ritirata.", "Application withdrawn.")}</Alert>
      )}
      {notice === "replied" && (
        <Alert kind="success">
          {tr("Messaggio inviato all'ufficio.", "Message sent to the office.")}
        </Alert>
      )}
      {notice === "not_submitted" && (
        <Alert kind="danger">
          {tr(
            "Si può ritirare solo una domanda inviata.",
            "Only a submitted application can be withdrawn.",
          )}
        </Alert>
      )}
      {notice === "accepted" && (
        <Alert kind="danger">
          {tr(
            "La domanda è già stata accolta: per ritirarla contatta l'ufficio.",
            "The application has been accepted: contact the office to withdraw it.",
          )}
        </Alert>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-8">
          <StatusBadge state={state} status={a.status} />
        </dd>
        <dt class="col-sm-4">{tr("Ricevuta il", "Received on")}</dt>
        <dd class="col-sm-8">{a.submitted_at && romeDateTime(state, a.submitted_at)}</dd>
        <dt class="col-sm-4">{tr("Anno scolastico", "School year")}</dt>
        <dd class="col-sm-8">{a.school_year_label}</dd>
        <dt class="col-sm-4">{tr("Richiedente", "Applicant")}</dt>
        <dd class="col-sm-8">
          {(a.applicant as Record<string, string>).name}{" "}
          {(a.applicant as Record<string, string>).surname}
        </dd>
      </dl>
      <p>
        <a class="btn btn-outline-primary" href={`/famiglie/domande/${a.id}/ricevuta.pdf`}>
          {tr("Scarica la ricevuta (PDF)", "Download the receipt (PDF)")}
        </a>
      </p>
      <div class="table-responsive">
        <table class="table">
          <caption>{tr("Esito per bambino e servizio", "Outcome by child and service")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Bambino", "Child")}</th>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Esito", "Outcome")}</th>
              <th scope="col">{tr("Comunicato il", "Communicated on")}</th>
            </tr>
          </thead>
          <tbody>
            {a.items.map((i) => {
              const ch = i.child as Record<string, string>;
              return (
                <tr key={i.id}>
                  <td>{ch.name} {ch.surname}</td>
                  <td>{i.service_title}</td>
                  <td>
                    <OutcomeBadge state={state} outcome={i.outcome} />
                    {i.outcome_reason && <div class="small">{i.outcome_reason}</div>}
                  </td>
                  <td>{i.communicated_at ? romeDateTime(state, i.communicated_at) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section class="mb-4" aria-labelledby="docs-title">
        <h2 id="docs-title" class="h4">{tr("Documenti allegati", "Attached documents")}</h2>
        {docs.length === 0 ? <p>{tr("Nessun documento.", "No documents.")}</p> : (
          <ul>
            {docs.map((d) => {
              const item = a.items.find((i) => i.id === d.item_id);
              const ch = item?.child as Record<string, string> | undefined;
              return (
                <li key={d.id}>
                  <a href={`/famiglie/domande/${a.id}/documenti/${d.id}`} download={d.file_name}>
                    {d.file_name}
                  </a>{" "}
                  ({tr(DOC_KINDS[d.kind][0], DOC_KINDS[d.kind][1])}
                  {ch && ` – ${ch.name}, ${item!.service_title}`}; {formatKb(d.size_bytes)}
                  {", "}
                  {romeDateTime(state, d.created_at)})
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section class="mb-4" aria-labelledby="messages-title">
        <h2 id="messages-title" class="h4">{tr("Messaggi", "Messages")}</h2>
        <ul class="list-unstyled">
          {messages.map((m) => (
            <li key={m.id} class="border-start border-3 ps-3 mb-3">
              <p class="small text-secondary mb-1">
                {m.direction === "from_family"
                  ? tr("Tu", "You")
                  : m.direction === "system"
                  ? tr("Sistema", "System")
                  : tr("Ufficio", "Office")} · {romeDateTime(state, m.created_at)}
              </p>
              <p class="fw-semibold mb-1">{m.subject}</p>
              <p class="mb-0">{m.body}</p>
            </li>
          ))}
        </ul>
        {a.status === "submitted" && (
          <form
            method="post"
            action={`/famiglie/domande/${a.id}`}
            enctype="multipart/form-data"
            noValidate
          >
            <CsrfField state={state} />
            <ErrorSummary state={state} errors={errors} level={3} />
            <div class="form-group">
              <label for="body" class="active">
                {tr("Scrivi all'ufficio", "Write to the office")}
              </label>
              <textarea
                id="body"
                name="body"
                class={`form-control${errors.body ? " is-invalid" : ""}`}
                rows={4}
                maxLength={5000}
                aria-invalid={errors.body ? "true" : undefined}
                aria-describedby={errors.body ? "body-error" : undefined}
              >
                {data.reply}
              </textarea>
              <FieldError field="body" errors={errors} />
            </div>
            {a.items.some((i) => i.outcome === "needs_integration") && (
              <div class="form-group">
                <label for="file" class="active">
                  {tr("Documento di integrazione", "Supporting document")}
                </label>
                <input
                  type="file"
                  id="file"
                  name="file"
                  class={`form-control${errors.file ? " is-invalid" : ""}`}
                  accept="application/pdf,image/jpeg,image/png"
                  aria-invalid={errors.file ? "true" : undefined}
                  aria-describedby={errors.file ? "file-hint file-error" : "file-hint"}
                />
                <small id="file-hint" class="form-text d-block">
                  {tr(
                    "L'ufficio ha chiesto un'integrazione: allega il documento richiesto (PDF, JPEG o PNG, al massimo 5 MB).",
                    "The office asked for more documents: attach the one requested (PDF, JPEG or PNG, at most 5 MB).",
                  )}
                </small>
                <FieldError field="file" errors={errors} />
              </div>
            )}
            <button type="submit" class="btn btn-primary">
              {tr("Invia il messaggio", "Send the message")}
            </button>
          </form>
        )}
      </section>
      {canWithdraw && (
        <section class="mb-4" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title" class="h4">
            {tr("Ritira la domanda", "Withdraw the application")}
          </h2>
          <form method="post" action={`/famiglie/domande/${a.id}/ritira`}>
            <CsrfField state={state} />
            <div class="form-group">
              <label for="reason" class="active">
                {tr("Motivo (facoltativo)", "Reason (optional)")}
              </label>
              <input id="reason" name="reason" class="form-control" maxLength={1000} />
            </div>
            <button type="submit" class="btn btn-outline-danger">
              {tr("Ritira la domanda", "Withdraw the application")}
            </button>
          </form>
        </section>
      )}
    </>
  );
});
