import type { SchoolLevel, SiteKind } from "./rules.ts";

type Text = { it: string; en: string };

/** How the UI names each kind of site. */
export const SITE_KIND_LABELS: Record<SiteKind, Text> = {
  school: { it: "Scuola", en: "School" },
  nursery: { it: "Asilo nido", en: "Nursery" },
  other: { it: "Altro punto di erogazione", en: "Other place" },
};

/** How the UI names each school level (ordine di scuola). */
export const SCHOOL_LEVEL_LABELS: Record<SchoolLevel, Text> = {
  nido: { it: "Nido d'infanzia", en: "Nursery (0–3 years)" },
  infanzia: { it: "Scuola dell'infanzia", en: "Pre-school (3–6 years)" },
  primaria: { it: "Scuola primaria", en: "Primary school" },
  secondaria_primo_grado: { it: "Scuola secondaria di primo grado", en: "Lower secondary school" },
};

/** `label(SITE_KIND_LABELS.school, "en") // "School"` */
export const label = (t: Text, lang: "it" | "en") => t[lang];
