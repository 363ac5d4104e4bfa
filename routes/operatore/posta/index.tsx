import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { listOutbox, MAX_ATTEMPTS, type OutboxMail } from "../../../lib/mail/outbox.ts";

const PER_PAGE = 25;

interface Data {
  mails: OutboxMail[];
  total: number;
  page: number;
  pages: number;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const n = Number(c.req.query("pagina") ?? 1);
    const current = Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
    const { mails, total } = await db.asUser(
      claims!,
      (tx) => listOutbox(tx, { limit: PER_PAGE, offset: (current - 1) * PER_PAGE }),
    );
    return page({ mails, total, page: current, pages: Math.max(1, Math.ceil(total / PER_PAGE)) });
  },
});

/** Sent, waiting for another attempt, given up, or (without SMTP) kept here. */
export function DeliveryStatus({ state, mail }: { state: State; mail: OutboxMail }) {
  const { lang } = state;
  if (mail.sent_at) {
    return (
      <>
        <span class="badge bg-success">{state.tr("Inviata", "Sent")}</span>
        <span class="d-block small">{formatDateTime(lang, mail.sent_at)}</span>
      </>
    );
  }
  if (!state.config.smtpUrl) {
    return <span class="badge bg-secondary">{state.tr("Non inviata", "Not sent")}</span>;
  }
  if (mail.attempts >= MAX_ATTEMPTS) {
    return (
      <span class="badge bg-danger">
        {state.tr(
          `Non recapitata dopo ${mail.attempts} tentativi`,
          `Undelivered after ${mail.attempts} attempts`,
        )}
      </span>
    );
  }
  return (
    <>
      <span class="badge bg-warning text-dark">
        {state.tr("In attesa di invio", "Waiting to be sent")}
      </span>
      {mail.error && (
        <span class="d-block small">
          {state.tr("Nuovo tentativo dalle", "Next attempt from")}{" "}
          {formatDateTime(lang, mail.next_attempt_at)}
        </span>
      )}
    </>
  );
}

export function SmtpNotice({ state }: { state: State }) {
  return state.config.smtpUrl
    ? (
      <p>
        {state.tr(
          "Le e-mail vengono spedite dal server di posta (SMTP) configurato; se un invio non riesce, Piazza riprova più tardi.",
          "Mail is sent through the configured mail server (SMTP); when a delivery fails, Piazza tries again later.",
        )}
      </p>
    )
    : (
      <Alert kind="info">
        <strong>
          {state.tr("Invio e-mail non configurato.", "Mail delivery is not configured.")}
        </strong>{" "}
        {state.tr(
          "Questa è la casella di Piazza: le e-mail non vengono spedite, restano qui, dove puoi leggerle e inoltrarle. Per spedirle, chi gestisce l'installazione imposta SMTP_URL.",
          "This is Piazza's own mailbox: mail is not sent, it stays here, where you can read and forward it. To send it, whoever runs the installation sets SMTP_URL.",
        )}
      </Alert>
    );
}

/** The e-mails the system queued for the Ente (password resets, invitations …), newest first. */
export default define.page<Data>(function Outbox({ data, state }) {
  const { lang } = state;
  const href = (p: number) => p === 1 ? "/operatore/posta" : `/operatore/posta?pagina=${p}`;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Posta in uscita", "Outgoing mail")]]} />
      <h1>{state.tr("Posta in uscita", "Outgoing mail")}</h1>
      <SmtpNotice state={state} />
      {data.total === 0
        ? <p>{state.tr("Nessuna e-mail in uscita.", "No outgoing mail.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(
                  `${data.total} e-mail, pagina ${data.page} di ${data.pages}`,
                  `${data.total} e-mails, page ${data.page} of ${data.pages}`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Oggetto", "Subject")}</th>
                  <th scope="col">{state.tr("Destinatario", "To")}</th>
                  <th scope="col">{state.tr("Accodata", "Queued")}</th>
                  <th scope="col">{state.tr("Stato", "Status")}</th>
                  <th scope="col">{state.tr("Errore", "Error")}</th>
                </tr>
              </thead>
              <tbody>
                {data.mails.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <a href={`/operatore/posta/${m.id}`}>{m.subject}</a>
                    </th>
                    <td>{m.to_address}</td>
                    <td>{formatDateTime(lang, m.created_at)}</td>
                    <td>
                      <DeliveryStatus state={state} mail={m} />
                    </td>
                    <td class="small text-break">{m.error ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {data.pages > 1 && (
        <nav class="pagination-wrapper" aria-label={state.tr("Pagine della posta", "Mail pages")}>
          <ul class="pagination">
            {data.page > 1 && (
              <li class="page-item">
                <a class="page-link" href={href(data.page - 1)}>
                  {state.tr("Pagina precedente", "Previous page")}
                </a>
              </li>
            )}
            <li class="page-item">
              <span class="page-link" aria-current="page">
                {state.tr(
                  `Pagina ${data.page} di ${data.pages}`,
                  `Page ${data.page} of ${data.pages}`,
                )}
              </span>
            </li>
            {data.page < data.pages && (
              <li class="page-item">
                <a class="page-link" href={href(data.page + 1)}>
                  {state.tr("Pagina successiva", "Next page")}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
});
