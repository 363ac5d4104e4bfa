/** A charge line's unit in Italian, as a column beside its quantity ("21", "pasti"). */
export const LINE_UNIT_LABELS: Record<string, string> = {
  meal: "pasti",
  ride: "corse",
  day: "giorni",
  use: "utilizzi",
  month: "mesi",
  term: "periodi",
  year: "anni",
  once: "una tantum",
};
