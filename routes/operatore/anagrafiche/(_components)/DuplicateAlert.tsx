import type { State } from "../../../../lib/http/define.ts";
import { type ExistingRecord, pageHref } from "../../../../lib/registry/errors.ts";

/** A record that already exists (same codice fiscale or P.IVA), with a link to open it. */
export function DuplicateAlert({ state, existing }: { state: State; existing: ExistingRecord }) {
  const what = existing.kind === "organization"
    ? state.tr(
      "Esiste già un soggetto con questa partita IVA o questo codice fiscale:",
      "An organization with this VAT number or tax code already exists:",
    )
    : existing.kind === "household"
    ? state.tr("La persona fa già parte del nucleo", "The person already belongs to the household")
    : state.tr(
      "Esiste già una persona con questo codice fiscale:",
      "A person with this tax code already exists:",
    );
  return (
    <div class="alert alert-warning" role="alert" id="duplicate">
      <p class="mb-0">
        {what} <a href={pageHref(existing)} class="alert-link">{existing.label}</a>.{" "}
        {existing.kind === "household" ? "" : state.tr(
          "Apri quel record invece di crearne un altro.",
          "Open that record instead of creating another one.",
        )}
      </p>
    </div>
  );
}
