import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { linkify } from "../../../lib/mail/linkify.ts";
import { getOutboxMail, type OutboxMailWithBody } from "../../../lib/mail/outbox.ts";
import { DeliveryStatus, SmtpNotice } from "./index.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

export const handler = define.handlers<OutboxMailWithBody>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const mail = isUuid(id) ? await db.asUser(claims!, (tx) => getOutboxMail(tx, id)) : null;
    if (!mail) throw new HttpError(404, "No such mail", { code: "not_found" });
    return page(mail);
  },
});

/**
 * One queued e-mail as its recipient would read it. The body is plain text rendered as text
 * (escaped by Preact); only http(s) addresses become links.
 */
export default define.page<OutboxMailWithBody>(function OutboxMailPage({ data: mail, state }) {
  const { lang } = state;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Posta in uscita", "Outgoing mail"), "/operatore/posta"], [mail.subject]]}
      />
      <h1>{mail.subject}</h1>
      <SmtpNotice state={state} />
      <dl class="row">
        <dt class="col-sm-3">{state.tr("Destinatario", "To")}</dt>
        <dd class="col-sm-9">{mail.to_address}</dd>
        <dt class="col-sm-3">{state.tr("Accodata", "Queued")}</dt>
        <dd class="col-sm-9">{formatDateTime(lang, mail.created_at)}</dd>
        <dt class="col-sm-3">{state.tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          <DeliveryStatus state={state} mail={mail} />
        </dd>
        {mail.attempts > 0 && (
          <>
            <dt class="col-sm-3">{state.tr("Tentativi di invio", "Delivery attempts")}</dt>
            <dd class="col-sm-9">{mail.attempts}</dd>
          </>
        )}
        {mail.error && (
          <>
            <dt class="col-sm-3">{state.tr("Ultimo errore", "Last error")}</dt>
            <dd class="col-sm-9 text-break">{mail.error}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="body-title">
        <h2 id="body-title" class="h5">{state.tr("Testo del messaggio", "Message text")}</h2>
        <div class="card shadow-sm">
          <div class="card-body">
            <pre
              class="mb-0 mail-body"
              style="white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit;"
            >{
              linkify(mail.body_text).map((p, i) =>
                "href" in p ? <a key={i} href={p.href} rel="noopener noreferrer">{p.href}</a> : p.text
              )
            }</pre>
          </div>
        </div>
      </section>
      <p class="mt-4">
        <a href="/operatore/posta">
          {state.tr("Torna alla posta in uscita", "Back to outgoing mail")}
        </a>
      </p>
    </>
  );
});
