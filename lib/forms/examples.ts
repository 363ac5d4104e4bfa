import type { FieldInput } from "./definition.ts";

/**
 * The extra questions of a canteen application, as many Comuni ask them: used by the demo
 * Comune and by the tests.
 */
export const CANTEEN_FORM_FIELDS: FieldInput[] = [
  {
    name: "codice_fiscale_alunno",
    type: "codice_fiscale",
    label: "Codice fiscale dell'alunno",
    required: true,
  },
  {
    name: "data_nascita",
    type: "date",
    label: "Data di nascita dell'alunno",
    required: true,
    min: "2012-01-01",
    max: "2024-12-31",
  },
  {
    name: "allergie",
    type: "radio",
    label: "L'alunno ha allergie o intolleranze alimentari?",
    required: true,
    options: [{ value: "no", label: "No" }, { value: "si", label: "Sì" }],
  },
  {
    name: "allergie_dettaglio",
    type: "textarea",
    label: "Descrivi allergie e intolleranze",
    required: true,
    max_length: 1000,
    show_if: { field: "allergie", equals: "si" },
  },
  {
    name: "certificato",
    type: "file",
    label: "Certificato medico",
    help: "Rilasciato dal pediatra o dal medico curante.",
    required: true,
    accept: ["application/pdf", "image/jpeg"],
    max_size_mb: 5,
    show_if: { field: "allergie", equals: "si" },
  },
  {
    name: "dieta_etico_religiosa",
    type: "select",
    label: "Dieta per motivi etici o religiosi",
    options: [
      { value: "senza_maiale", label: "Senza carne di maiale" },
      { value: "senza_carne", label: "Senza carne" },
      { value: "vegetariana", label: "Vegetariana" },
      { value: "vegana", label: "Vegana" },
    ],
  },
  {
    name: "fratelli_iscritti",
    type: "number",
    label: "Fratelli e sorelle iscritti allo stesso servizio",
    integer: true,
    min: 0,
    max: 10,
  },
  { name: "email_avvisi", type: "email", label: "E-mail per gli avvisi del servizio" },
  { name: "cellulare", type: "phone", label: "Cellulare per le comunicazioni urgenti" },
  {
    name: "consenso",
    type: "checkbox",
    label: "Ho letto l'informativa sul trattamento dei dati personali",
    required: true,
  },
];
