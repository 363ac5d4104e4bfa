import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { LetterOutcome } from "../../../../lib/billing/reminder_letters_record.ts";
import type { State } from "../../../../lib/http/define.ts";

/** The outcome of "Registra l'invio per posta" on a position, as carried in `?lettera=`. */
export const LETTER_FLASHES = {
  recorded: "registrata",
  recent: "recente",
  not_overdue: "non-scaduta",
} as const satisfies Partial<Record<LetterOutcome, string>>;
export type LetterFlash = typeof LETTER_FLASHES[keyof typeof LETTER_FLASHES];

/** What the letters' page shows before printing: how many, and whose address is missing. */
export interface LettersSummary {
  letters: number;
  positions: number;
  /** Payers without any address in the registry: their letter prints without it. */
  withoutAddress: string[];
  /** Payers whose address could not be read as street, postal code and town: printed as is. */
  unparsed: string[];
}

/** Payers whose letter needs the office's attention before mailing. */
function AddressWarnings({ state, summary }: { state: State; summary: LettersSummary }) {
  const tr = state.tr;
  if (!summary.withoutAddress.length && !summary.unparsed.length) return null;
  return (
    <div class="alert alert-warning" role="status">
      <Names
        names={summary.withoutAddress}
        intro={tr(
          "Senza indirizzo in anagrafica (la lettera si stampa senza: completa l'anagrafica o scrivi l'indirizzo a mano):",
          "Without an address in the registry (the letter prints without it: complete the registry or write the address by hand):",
        )}
      />
      <Names
        names={summary.unparsed}
        intro={tr(
          "Indirizzo da verificare (stampato così come è scritto in anagrafica):",
          "Address to check (printed as written in the registry):",
        )}
      />
    </div>
  );
}

/** Payers whose letter the office should look at, under what to do about them. */
function Names({ names, intro }: { names: string[]; intro: string }) {
  if (!names.length) return null;
  return (
    <>
      <p class="mb-1">{intro}</p>
      <ul class="mb-2">{names.map((n) => <li key={n}>{n}</li>)}</ul>
    </>
  );
}

function RecordForm({ state, action, label }: { state: State; action: string; label: string }) {
  return (
    <form method="post" action={action} class="d-inline">
      <CsrfField state={state} />
      <button type="submit" class="btn btn-outline-primary">{label}</button>
    </form>
  );
}

/**
 * On a campaign's page, for its payers without contact: print the letters, then record them as
 * mailed; the outcome of the last recording (`?lettere=<recorded>-<skipped>`).
 */
export function CampaignLetters(
  { state, campaignId, summary, flash, minDays }: {
    state: State;
    campaignId: string;
    summary: LettersSummary;
    flash: { recorded: number; skipped: number } | null;
    minDays: number;
  },
) {
  const tr = state.tr;
  const base = `/operatore/posizioni/solleciti/${campaignId}/lettere`;
  return (
    <section id="lettere" class="mb-3" aria-labelledby="lettere-title">
      <h4 id="lettere-title" class="h6">{tr("Lettere per posta", "Letters by post")}</h4>
      {flash && (
        <div class={`alert ${flash.recorded ? "alert-success" : "alert-warning"}`} role="status">
          {tr(
            `Lettere registrate come inviate per posta: ${flash.recorded} posizioni. Saltate perché già sollecitate negli ultimi ${minDays} giorni o non più scadute: ${flash.skipped}.`,
            `Letters recorded as mailed: ${flash.recorded} positions. Skipped as already reminded in the last ${minDays} days or no longer overdue: ${flash.skipped}.`,
          )}
        </div>
      )}
      {summary.letters === 0
        ? (
          <p>
            {tr(
              "Nessuna lettera da stampare: le posizioni senza recapito non sono più scadute.",
              "No letter to print: the positions without contact are no longer overdue.",
            )}
          </p>
        )
        : (
          <>
            <p>
              {tr(
                `Una lettera per pagatore (${summary.letters}), con le ${summary.positions} posizioni ancora scadute oggi, gli avvisi pagoPA da pagare e i codici QR.`,
                `One letter per payer (${summary.letters}), with the ${summary.positions} positions still overdue today, the pagoPA notices to pay and the QR codes.`,
              )}
            </p>
            <AddressWarnings state={state} summary={summary} />
            <p class="d-flex flex-wrap gap-2">
              <a class="btn btn-primary" href={base}>
                {tr("Stampa le lettere (PDF)", "Print the letters (PDF)")}
              </a>
              <RecordForm
                state={state}
                action={base}
                label={tr("Registra l'invio per posta", "Record as mailed")}
              />
            </p>
            <p class="form-text">
              {tr(
                `Dopo aver spedito le lettere, registra l'invio: vale come sollecito (non più di uno ogni ${minDays} giorni) e la famiglia lo vede nell'area riservata.`,
                `After mailing the letters, record it: it counts as a reminder (no more than one every ${minDays} days) and the family sees it in its area.`,
              )}
            </p>
          </>
        )}
    </section>
  );
}

/** On a position's page, when its payer has no contact: the letter and its recording. */
export function PositionLetter(
  { state, positionId, summary, flash, minDays }: {
    state: State;
    positionId: string;
    summary: LettersSummary | null;
    flash?: LetterFlash;
    minDays: number;
  },
) {
  const tr = state.tr;
  const said = flash === "registrata"
    ? tr(
      "Lettera di sollecito registrata come inviata per posta.",
      "Reminder letter recorded as mailed.",
    )
    : flash === "recente"
    ? tr(
      `La posizione è già stata sollecitata negli ultimi ${minDays} giorni: lettera non registrata.`,
      `The position was already reminded in the last ${minDays} days: letter not recorded.`,
    )
    : flash === "non-scaduta"
    ? tr(
      "La posizione non è più scaduta: lettera non registrata.",
      "The position is no longer overdue: letter not recorded.",
    )
    : null;
  const base = `/operatore/posizioni/${positionId}/lettera`;
  return (
    <div class="mb-3">
      {said && (
        <div
          class={`alert ${flash === "registrata" ? "alert-success" : "alert-warning"}`}
          role="status"
        >
          {said}
        </div>
      )}
      {summary && summary.letters > 0 && (
        <>
          <p>
            {tr(
              "Il pagatore non ha un indirizzo e-mail né notifiche attive: puoi sollecitarlo con una lettera per posta.",
              "The payer has no e-mail address nor notifications: you can remind them with a letter by post.",
            )}
          </p>
          <AddressWarnings state={state} summary={summary} />
          <p class="d-flex flex-wrap gap-2">
            <a class="btn btn-outline-primary" href={base}>
              {tr("Lettera di sollecito (PDF)", "Reminder letter (PDF)")}
            </a>
            <RecordForm
              state={state}
              action={base}
              label={tr("Registra l'invio per posta", "Record as mailed")}
            />
          </p>
        </>
      )}
    </div>
  );
}

/** The summary of letters to print, from what `loadLetters` read. */
export function lettersSummary(
  letters: { payer_name: string; position_ids: string[]; address_problem: string | null }[],
): LettersSummary {
  return {
    letters: letters.length,
    positions: letters.reduce((n, l) => n + l.position_ids.length, 0),
    withoutAddress: letters.filter((l) => l.address_problem === "missing").map((l) => l.payer_name),
    unparsed: letters.filter((l) => l.address_problem === "unparsed").map((l) => l.payer_name),
  };
}
