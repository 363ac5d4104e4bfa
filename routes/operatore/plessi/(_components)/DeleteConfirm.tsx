import type { ComponentChildren } from "preact";
import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { State } from "../../../../lib/http/define.ts";

/**
 * The confirmation step of a deletion (sites, classes): what goes with the record and that it
 * cannot be undone, then the button; or, when something still refers to the record, why it
 * cannot be deleted and no button at all.
 */
export function DeleteConfirm(
  { state, refusal, action, cancel, confirm, children }: {
    state: State;
    /** Why it cannot be deleted (in the page's language), or null when it can. */
    refusal: string | null;
    action: string;
    cancel: string;
    /** The button's label: «Elimina il plesso». */
    confirm: string;
    /** What will be deleted with it. */
    children: ComponentChildren;
  },
) {
  const tr = state.tr;
  if (refusal) {
    return (
      <>
        <Alert kind="danger" id="delete-refused">{refusal}</Alert>
        <a class="btn btn-outline-primary" href={cancel}>{tr("Torna indietro", "Go back")}</a>
      </>
    );
  }
  return (
    <>
      {children}
      <Alert kind="warning">
        <strong>{tr("L'operazione non si può annullare.", "This cannot be undone.")}</strong> {tr(
          "Il registro delle attività conserva comunque la traccia di ciò che viene eliminato.",
          "The activity log still keeps a record of what is deleted.",
        )}
      </Alert>
      <form method="post" action={action} class="d-flex flex-wrap gap-2">
        <CsrfField state={state} />
        <button type="submit" class="btn btn-danger">{confirm}</button>
        <a class="btn btn-outline-primary" href={cancel}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
}
