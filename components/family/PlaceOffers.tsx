import type { State } from "../../lib/http/define.ts";
import { formatDateTime } from "../../lib/i18n/mod.ts";
import type { PlaceOffer } from "../../lib/rankings/offers.ts";

export const OFFER_STATE_LABELS: Record<string, { it: string; en: string }> = {
  offered: {
    it: "Posto offerto: rispondi entro la scadenza",
    en: "Place offered: answer by the deadline",
  },
  accepted: { it: "Posto accettato", en: "Place accepted" },
  declined: { it: "Posto rifiutato", en: "Place declined" },
  expired: { it: "Offerta scaduta", en: "Offer expired" },
  waiting: { it: "In lista d'attesa", en: "On the waiting list" },
  admitted: { it: "Ammessa", en: "Admitted" },
  withdrawn: { it: "Ritirata", en: "Withdrawn" },
};

/**
 * "Offerte di posto" on the family's home: its children's places in published rankings, open
 * offers first with their deadline and a link to answer. Nothing when there are none.
 */
export function PlaceOffers({ state, offers }: { state: State; offers: PlaceOffer[] }) {
  if (offers.length === 0) return null;
  const tr = state.tr;
  return (
    <section class="mb-4" aria-labelledby="offers-title">
      <h2 id="offers-title" class="h4">{tr("Offerte di posto", "Place offers")}</h2>
      <ul class="list-group">
        {offers.map((o) => {
          const label = OFFER_STATE_LABELS[o.state] ?? OFFER_STATE_LABELS.waiting;
          return (
            <li class="list-group-item" key={o.id}>
              <a href={`/famiglie/offerte/${o.id}`}>
                {o.child_name} — {o.service_title} {o.school_year_label}
              </a>
              <div class="small">
                {tr("Protocollo", "Protocol")} {o.protocol_number} · {tr("posizione", "position")}
                {" "}
                {o.position} · {tr(label.it, label.en)}
                {o.state === "offered" && o.offer_deadline && (
                  <>
                    {" "}·{" "}
                    <strong>
                      {tr("entro", "by")} {formatDateTime(state.lang, o.offer_deadline)}
                    </strong>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
