/** Italian and English names of ranking statuses and entry states, for pages. */
export const STATUS_LABELS: Record<string, { it: string; en: string }> = {
  provisional: { it: "Provvisoria", en: "Provisional" },
  final: { it: "Definitiva", en: "Final" },
  published: { it: "Pubblicata", en: "Published" },
};

export const ENTRY_STATE_LABELS: Record<string, { it: string; en: string }> = {
  admitted: { it: "Ammessa", en: "Admitted" },
  waiting: { it: "In attesa", en: "Waiting" },
  offered: { it: "Posto offerto", en: "Place offered" },
  accepted: { it: "Posto accettato", en: "Place accepted" },
  declined: { it: "Posto rifiutato", en: "Place declined" },
  expired: { it: "Offerta scaduta", en: "Offer expired" },
  withdrawn: { it: "Ritirata", en: "Withdrawn" },
};
