import { CsrfField } from "../../../../components/CsrfField.tsx";
import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { channelLabel, nextOutcomes, outcomeLabel } from "../../../../lib/enrollment/review.ts";
import type { DossierDocument, DossierItem } from "../../../../lib/enrollment/review_dossier.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime } from "../../../../lib/i18n/mod.ts";
import { outcomeBadge } from "./labels.ts";

const MODES: Record<string, [string, string]> = {
  full_time: ["Tempo pieno", "Full time"],
  part_time: ["Tempo parziale", "Part time"],
  morning: ["Solo mattina", "Mornings"],
  afternoon: ["Solo pomeriggio", "Afternoons"],
};
const DOC_KINDS: Record<string, [string, string]> = {
  diet_certificate: ["Certificato per la dieta", "Diet certificate"],
  isee: ["Attestazione ISEE", "ISEE attestation"],
  disability: ["Certificazione di disabilità", "Disability certification"],
  identity: ["Documento di identità", "Identity document"],
  other: ["Altro documento", "Other document"],
};

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="row border-bottom py-1">
      <dt class="col-sm-5">{label}</dt>
      <dd class="col-sm-7 mb-0">{children}</dd>
    </div>
  );
}

/** One child × service: what the family declared, its documents, and the review form. */
export function ItemReview(
  { state, item, docs, base, errors, editable, index }: {
    state: State;
    item: DossierItem;
    docs: DossierDocument[];
    base: string;
    errors: FieldErrors;
    editable: boolean;
    index: number;
  },
) {
  const { tr } = state;
  const c = item.child as Record<string, string | boolean | undefined>;
  const t = (p: [string, string]) => state.lang === "it" ? p[0] : p[1];
  const next = nextOutcomes(item.outcome);
  const id = (f: string) => `${f}-${item.id}`;
  return (
    <section class="card-wrapper card-space mb-4" aria-labelledby={id("h")}>
      <div class="card card-bg">
        <div class="card-body">
          <h3 class="h4" id={id("h")}>
            {index + 1}. {c.name} {c.surname} – {item.service_title}{" "}
            <span class={`badge ${outcomeBadge(item.outcome)}`}>
              {outcomeLabel(item.outcome, state.lang)}
            </span>
          </h3>
          <dl class="mb-3">
            <Row label={tr("Codice fiscale", "Tax code")}>{item.child_tax_code ?? "—"}</Row>
            <Row label={tr("Data di nascita", "Date of birth")}>
              {c.birth_date ? formatDate(state.lang, String(c.birth_date), "short") : "—"}
            </Row>
            {c.birth_place && (
              <Row label={tr("Luogo di nascita", "Place of birth")}>{c.birth_place}</Row>
            )}
            <Row label={tr("Residente", "Resident")}>
              {c.resident === false ? tr("No", "No") : tr("Sì", "Yes")}
            </Row>
            {c.disability === true && (
              <Row label={tr("Disabilità certificata", "Certified disability")}>
                {tr("Sì", "Yes")}
              </Row>
            )}
            {(item.site_name || item.class_name) && (
              <Row label={tr("Plesso e classe", "Site and class")}>
                {[item.site_name, item.class_name].filter(Boolean).join(" – ")}
              </Row>
            )}
            {item.mode && (
              <Row label={tr("Modalità", "Mode")}>
                {t(MODES[item.mode] ?? [item.mode, item.mode])}
              </Row>
            )}
            {(item.diet_name || item.diet_notes) && (
              <Row label={tr("Dieta", "Diet")}>
                {item.diet_name ?? "—"}
                {item.diet_notes && <div class="small">{item.diet_notes}</div>}
              </Row>
            )}
            {(item.route_name || item.stop_name) && (
              <Row label={tr("Linea e fermata", "Route and stop")}>
                {[item.route_name, item.stop_name].filter(Boolean).join(" – ")}
              </Row>
            )}
            {item.answer_list.map((a) => <Row label={a.label} key={a.name}>{a.text}</Row>)}
            {docs.map((d) => (
              <Row label={t(DOC_KINDS[d.kind] ?? [d.kind, d.kind])} key={d.id}>
                <a href={`${base}/documenti/${d.id}`}>
                  {d.file_name} <span class="small">({Math.ceil(d.size_bytes / 1024)} KB)</span>
                </a>
              </Row>
            ))}
          </dl>
          {item.outcome !== "pending" && (
            <p class="small">
              {item.outcome_reason && (
                <>
                  <strong>{tr("Motivo comunicato", "Reason given")}:</strong> {item.outcome_reason}
                  <br />
                </>
              )}
              {item.communicated_at
                ? tr(
                  `Esito comunicato il ${formatDateTime(state.lang, item.communicated_at)} – ${
                    channelLabel(item.communicated_via as never, "it")
                  }`,
                  `Outcome communicated on ${formatDateTime(state.lang, item.communicated_at)} – ${
                    channelLabel(item.communicated_via as never, "en")
                  }`,
                )
                : tr("Esito non ancora comunicato.", "Outcome not yet communicated.")}
            </p>
          )}
          {editable && next.length > 0 && (
            <form method="post" action={base} class="mt-3">
              <CsrfField state={state} />
              <input type="hidden" name="_action" value="review" />
              <input type="hidden" name="item" value={item.id} />
              <div class="select-wrapper mb-4">
                <label for={id("esito")}>{tr("Esito", "Outcome")}</label>
                <select
                  id={id("esito")}
                  name="esito"
                  aria-invalid={errors[id("esito")] ? "true" : undefined}
                  aria-describedby={describedBy(id("esito"), errors)}
                >
                  {next.map((o) => (
                    <option value={o} key={o} selected={o === item.outcome}>
                      {outcomeLabel(o, state.lang)}
                    </option>
                  ))}
                </select>
                <FieldError field={id("esito")} errors={errors} />
              </div>
              <div class="form-group">
                <label for={id("motivo")} class="active">
                  {tr(
                    "Motivo o integrazione richiesta (per la famiglia)",
                    "Reason or integration requested (for the family)",
                  )}
                </label>
                <textarea
                  id={id("motivo")}
                  name="motivo"
                  rows={2}
                  maxLength={2000}
                  class={`form-control${errors[id("motivo")] ? " is-invalid" : ""}`}
                  aria-invalid={errors[id("motivo")] ? "true" : undefined}
                  aria-describedby={describedBy(id("motivo"), errors, id("motivo-hint"))}
                >
                  {item.outcome_reason ?? ""}
                </textarea>
                <small id={id("motivo-hint")} class="form-text">
                  {tr(
                    "Obbligatorio per «Respinta» e «Da integrare».",
                    "Required for “Rejected” and “Needs integration”.",
                  )}
                </small>
                <FieldError field={id("motivo")} errors={errors} />
              </div>
              <div class="form-group">
                <label for={id("note")} class="active">
                  {tr(
                    "Note interne (non visibili alla famiglia)",
                    "Internal notes (not shown to the family)",
                  )}
                </label>
                <textarea
                  id={id("note")}
                  name="note"
                  rows={2}
                  maxLength={4000}
                  class="form-control"
                  aria-invalid={errors[id("note")] ? "true" : undefined}
                  aria-describedby={describedBy(id("note"), errors)}
                >
                  {item.review_notes ?? ""}
                </textarea>
                <FieldError field={id("note")} errors={errors} />
              </div>
              <button type="submit" class="btn btn-primary btn-sm">
                {tr("Registra l'esito", "Record the outcome")}
                <span class="visually-hidden">– {c.name} {c.surname}, {item.service_title}</span>
              </button>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}
