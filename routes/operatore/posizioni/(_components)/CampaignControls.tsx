import { CsrfField } from "../../../../components/CsrfField.tsx";
import { CANCELLABLE, RESUMABLE } from "../../../../lib/billing/reminder_campaign_control.ts";
import type { Campaign } from "../../../../lib/billing/reminder_campaigns.ts";
import type { State } from "../../../../lib/http/define.ts";

function ActionForm(
  { state, href, action, label, kind }: {
    state: State;
    href: string;
    action: "cancel" | "resume";
    label: string;
    kind: string;
  },
) {
  return (
    <form method="post" action={href} class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={`btn btn-${kind}`}>{label}</button>
    </form>
  );
}

/**
 * The billing office's controls of a campaign: "Interrompi campagna" while it is queued or
 * running (a link to the confirmation step, then the POST: no script needed), "Riprendi" when it
 * failed or was stopped. Nothing in the other statuses.
 */
export function CampaignControls(
  { state, campaign: c, confirmStop }: { state: State; campaign: Campaign; confirmStop: boolean },
) {
  const tr = state.tr;
  const href = `/operatore/posizioni/solleciti/${c.id}`;
  if (CANCELLABLE.includes(c.status)) {
    if (!confirmStop) {
      return (
        <p class="mb-4">
          <a class="btn btn-outline-danger" href={`${href}?interrompi=1#interrompi-title`}>
            {tr("Interrompi campagna", "Stop the campaign")}
          </a>
        </p>
      );
    }
    return (
      <section class="mb-4" aria-labelledby="interrompi-title">
        <h2 id="interrompi-title" class="h4">
          {tr("Interrompere la campagna?", "Stop the campaign?")}
        </h2>
        <div class="alert alert-warning" role="status">
          {tr(
            "I solleciti già inviati restano inviati; le posizioni non ancora raggiunte non vengono sollecitate. Potrai riprendere la campagna da dove si è fermata.",
            "The reminders already sent stay sent; the positions not reached yet are not reminded. You can resume the campaign from where it stopped.",
          )}
        </div>
        <div class="d-flex flex-wrap gap-2">
          <ActionForm
            state={state}
            href={href}
            action="cancel"
            kind="danger"
            label={tr("Sì, interrompi la campagna", "Yes, stop the campaign")}
          />
          <a class="btn btn-outline-primary" href={href}>
            {tr("Non interrompere", "Do not stop")}
          </a>
        </div>
      </section>
    );
  }
  if (RESUMABLE.includes(c.status)) {
    return (
      <div class="mb-4">
        <p>
          {tr(
            "Riprendendo, la campagna continua dalle posizioni non ancora raggiunte: nessuno viene sollecitato due volte.",
            "Resumed, the campaign goes on with the positions not reached yet: nobody is reminded twice.",
          )}
        </p>
        <ActionForm
          state={state}
          href={href}
          action="resume"
          kind="primary"
          label={tr("Riprendi", "Resume")}
        />
      </div>
    );
  }
  return null;
}
