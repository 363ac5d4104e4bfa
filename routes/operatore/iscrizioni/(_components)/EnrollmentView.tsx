import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import type { EnrollmentRow } from "../../../../lib/enrollment/enrollments_read.ts";
import { appliedCents, perLabel } from "../../../../lib/enrollment/tariff_assignment.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";

export const FLAG_LABELS: Record<string, [string, string]> = {
  ok: ["ISEE valido", "Valid ISEE"],
  missing: ["ISEE mancante", "ISEE missing"],
  expired: ["ISEE scaduto", "ISEE expired"],
  to_verify: ["ISEE da verificare", "ISEE to verify"],
  unpriced: ["Senza tariffa", "No tariff"],
};

export const STATUS_LABELS: Record<string, [string, string]> = {
  active: ["Attiva", "Active"],
  withdrawn: ["Ritirata", "Withdrawn"],
  ended: ["Conclusa", "Ended"],
  upcoming: ["Da iniziare", "Upcoming"],
};

/** The enrollment's facts: service, where, how, when; `staff` adds the certified conditions. */
export function EnrollmentFacts(
  { state, e, staff = false }: { state: State; e: EnrollmentRow; staff?: boolean },
) {
  const tr = state.tr;
  const row = (label: string, value: string | null) =>
    value
      ? (
        <>
          <dt class="col-sm-4">{label}</dt>
          <dd class="col-sm-8">{value}</dd>
        </>
      )
      : null;
  return (
    <dl class="row">
      {row(tr("Servizio", "Service"), `${e.service_title} (${e.school_year_label})`)}
      {row(tr("Bambina o bambino", "Child"), e.beneficiary_name)}
      {row(tr("Intestatario dei pagamenti", "Payer"), e.payer_name)}
      {row(tr("Plesso", "Site"), e.site_name)}
      {row(tr("Classe o sezione", "Class"), e.class_name)}
      {row(tr("Dieta", "Diet"), e.diet_name)}
      {row(tr("Fermata", "Stop"), e.stop_name)}
      {row(
        tr("Periodo", "Period"),
        `${formatDate(state.lang, e.starts_on)} – ${formatDate(state.lang, e.ends_on)}`,
      )}
      {row(
        tr("Ritiro", "Withdrawal"),
        e.withdrawn_on
          ? `${formatDate(state.lang, e.withdrawn_on)}: ${e.withdrawal_reason ?? ""}`
          : null,
      )}
      {row(tr("Protocollo della domanda", "Application number"), e.protocol_number)}
      {staff && row(
        tr("Condizioni certificate", "Certified conditions"),
        [
          e.social_services_exemption &&
          tr("esenzione dei servizi sociali", "social-services exemption"),
          e.disability && tr("disabilità certificata", "certified disability"),
        ].filter(Boolean).join(", ") || tr("nessuna", "none"),
      )}
    </dl>
  );
}

/**
 * The tariff as the family reads it: the amount, the one-line reason, each step; `staff` adds the
 * act behind a social-services exemption.
 */
export function TariffExplanation(
  { state, e, staff = false }: { state: State; e: EnrollmentRow; staff?: boolean },
) {
  const tr = state.tr;
  const a = e.tariff_assignment;
  if (!a) {
    return (
      <p data-testid="tariff-summary">
        {tr(
          "La tariffa non è ancora stata assegnata: il servizio non ha una tariffa pubblicata.",
          "No tariff assigned yet: the service has no published tariff.",
        )}
      </p>
    );
  }
  const applied = appliedCents(e)!;
  return (
    <div>
      <p class="lead">
        <strong data-testid="tariff-amount">
          {formatEuro(applied, state.lang)} {perLabel(a.quote.per, state.lang)}
        </strong>
      </p>
      {e.override_cents !== null && (
        <p>
          {tr("Importo stabilito dall'ufficio", "Amount set by the office")}: {e.override_reason}.
          {" "}
          {tr("Tariffa calcolata", "Computed tariff")}: {formatEuro(a.quote.cents, state.lang)}.
        </p>
      )}
      <p data-testid="tariff-summary">{a.quote.summary[state.lang]}</p>
      {staff && e.social_services_exemption && (
        <p data-testid="exemption-reference">
          {tr("Esenzione disposta con", "Exemption granted by")}:{" "}
          {e.social_services_exemption_reference}
          {e.social_services_exemption_at &&
            ` (${tr("registrata il", "recorded on")} ${
              formatDate(state.lang, new Date(e.social_services_exemption_at))
            })`}
        </p>
      )}
      <p class="small">
        {a.tariff_title} · {tr("versione dal", "version from")}{" "}
        {formatDate(state.lang, a.version_valid_from)} · {tr("calcolata il", "computed on")}{" "}
        {formatDate(state.lang, new Date(a.assigned_at))}
      </p>
      <details>
        <summary>{tr("Come è calcolata", "How it is computed")}</summary>
        <ol data-testid="tariff-steps">
          {a.quote.explanation[state.lang].map((l, i) => <li key={i}>{l}</li>)}
        </ol>
      </details>
    </div>
  );
}
