import { CsrfField } from "../../../../components/CsrfField.tsx";
import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import type { Message } from "../../../../lib/enrollment/messages.ts";
import { channelLabel } from "../../../../lib/enrollment/review.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";

/** The messages of the application and the office's form to write to the family. */
export function Thread(
  { state, messages, base, errors, values, hasEmail }: {
    state: State;
    messages: Message[];
    base: string;
    errors: FieldErrors;
    values: { oggetto: string; testo: string };
    hasEmail: boolean;
  },
) {
  const { tr } = state;
  const who = (m: Message) =>
    m.direction === "system"
      ? tr("Sistema", "System")
      : m.direction === "from_family"
      ? tr(`Famiglia (${m.author_name ?? ""})`, `Family (${m.author_name ?? ""})`)
      : tr(`Ufficio (${m.author_name ?? ""})`, `Office (${m.author_name ?? ""})`);
  return (
    <>
      {messages.length === 0
        ? <p>{tr("Nessun messaggio.", "No messages.")}</p>
        : (
          <ol class="list-unstyled">
            {messages.map((m) => (
              <li class="border-start border-3 ps-3 mb-3" key={m.id}>
                <p class="small text-secondary mb-1">
                  {formatDateTime(state.lang, m.created_at)} · {who(m)} ·{" "}
                  {channelLabel(m.channel, state.lang)}
                </p>
                <p class="fw-semibold mb-1">{m.subject}</p>
                <p class="mb-0">
                  {m.body.split("\n").map((line, i) => (
                    <span key={i}>
                      {i > 0 && <br />}
                      {line}
                    </span>
                  ))}
                </p>
              </li>
            ))}
          </ol>
        )}
      <form method="post" action={base} class="mt-3">
        <CsrfField state={state} />
        <input type="hidden" name="_action" value="message" />
        <h3 class="h5">{tr("Scrivi alla famiglia", "Write to the family")}</h3>
        <div class="form-group">
          <label for="oggetto" class="active">{tr("Oggetto", "Subject")}</label>
          <input
            id="oggetto"
            name="oggetto"
            type="text"
            maxLength={200}
            value={values.oggetto}
            class={`form-control${errors.oggetto ? " is-invalid" : ""}`}
            aria-invalid={errors.oggetto ? "true" : undefined}
            aria-describedby={describedBy("oggetto", errors)}
          />
          <FieldError field="oggetto" errors={errors} />
        </div>
        <div class="form-group">
          <label for="testo" class="active">{tr("Messaggio", "Message")}</label>
          <textarea
            id="testo"
            name="testo"
            rows={4}
            maxLength={10000}
            class={`form-control${errors.testo ? " is-invalid" : ""}`}
            aria-invalid={errors.testo ? "true" : undefined}
            aria-describedby={describedBy("testo", errors)}
          >
            {values.testo}
          </textarea>
          <FieldError field="testo" errors={errors} />
        </div>
        {hasEmail && (
          <div class="form-check mb-3">
            <input id="email" name="email" type="checkbox" value="1" checked />
            <label for="email">
              {tr("Invia anche per e-mail al richiedente", "Also e-mail it to the applicant")}
            </label>
          </div>
        )}
        <button type="submit" class="btn btn-outline-primary btn-sm">
          {tr("Invia il messaggio", "Send the message")}
        </button>
      </form>
    </>
  );
}
