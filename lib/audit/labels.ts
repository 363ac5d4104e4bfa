import type { Lang } from "../i18n/mod.ts";

type Label = [it: string, en: string];

/** What the audit log calls each entity (table) and action; unknown names are shown as they are. */
export const ENTITY_LABELS: Record<string, Label> = {
  tenants: ["Ente", "Ente"],
  users: ["Utente", "User"],
  memberships: ["Profilo di accesso", "Role membership"],
  api_keys: ["Chiave API", "API key"],
  people: ["Persona", "Person"],
  organizations: ["Organizzazione", "Organization"],
  households: ["Nucleo familiare", "Household"],
  household_members: ["Componente del nucleo", "Household member"],
  school_years: ["Anno scolastico", "School year"],
  services: ["Servizio", "Service"],
  service_calendars: ["Calendario del servizio", "Service calendar"],
  service_closures: ["Chiusura del servizio", "Service closure"],
  canteen_settings: ["Comunicazione presenze mensa", "Canteen attendance settings"],
  canteen_diets: ["Dieta", "Diet"],
  canteen_menus: ["Menù", "Menu"],
  sites: ["Plesso", "Site"],
  site_photos: ["Foto del plesso", "Site photo"],
  classes: ["Classe", "Class"],
  class_teachers: ["Docente della classe", "Class teacher"],
  tariffs: ["Tariffa", "Tariff"],
  tariff_versions: ["Versione della tariffa", "Tariff version"],
  transport_routes: ["Linea di trasporto", "Transport route"],
  transport_stops: ["Fermata", "Stop"],
  enrollments: ["Iscrizione effettiva", "Enrollment"],
  billing_settings: ["Impostazioni pagoPA", "pagoPA settings"],
  service_billing: ["Fatturazione del servizio", "Service billing"],
  billing_runs: ["Elaborazione di fatturazione", "Billing run"],
  charge_lines: ["Riga di fatturazione", "Charge line"],
  debt_positions: ["Posizione debitoria", "Debt position"],
  enforced_collections: ["Elenco per la riscossione coattiva", "Enforced collection list"],
  enforced_collection_positions: [
    "Posizione affidata alla riscossione coattiva",
    "Position in enforced collection",
  ],
  payment_receipts: ["Ricevuta di pagamento", "Payment receipt"],
  payment_receipts_by_service: ["Incassi per servizio", "Revenue by service"],
  fdr_flows: ["Flusso di rendicontazione", "Reporting flow"],
  fdr_payments: ["Pagamento rendicontato", "Reported payment"],
  treasury_movements: ["Movimento di tesoreria", "Treasury movement"],
  reconciliation: ["Riconciliazione", "Reconciliation"],
  wallet_settings: ["Impostazioni dei borsellini", "Wallet settings"],
  wallets: ["Borsellino prepagato", "Prepaid wallet"],
  wallet_movements: ["Movimento del borsellino", "Wallet movement"],
  applications: ["Domanda di iscrizione", "Application"],
  application_items: ["Richiesta della domanda (bambino e servizio)", "Application item"],
  application_documents: ["Documento della domanda", "Application document"],
  application_review_notes: ["Note interne dell'istruttoria", "Internal review notes"],
  ranking_criteria: ["Criteri di graduatoria", "Ranking criteria"],
  rankings: ["Graduatoria", "Ranking"],
  ranking_entries: ["Posizione in graduatoria", "Ranking entry"],
  absence_periods: ["Assenza programmata", "Planned absence"],
  attendance_scan: ["Lettura della tessera QR", "QR card scan"],
  attendance_cards: ["Tessere QR", "QR cards"],
  attendance_marks: ["Presenze", "Attendance"],
  isee_attestations: ["Attestazione ISEE", "ISEE attestation"],
  class_roster: ["Registro presenze della classe", "Class attendance roster"],
};

export const ACTION_LABELS: Record<string, Label> = {
  insert: ["Creazione", "Created"],
  update: ["Modifica", "Changed"],
  delete: ["Eliminazione", "Deleted"],
  sign_in: ["Accesso", "Sign-in"],
  password_reset: ["Reimpostazione password", "Password reset"],
  invite: ["Invito", "Invitation"],
  view: ["Consultazione", "Viewed"],
  merge: ["Unione di schede", "Merge"],
  import: ["Importazione", "Import"],
  "wallet.top_up_requested": ["Richiesta di ricarica del borsellino", "Wallet top-up requested"],
  "wallet.deduction": ["Scalatura giornaliera dei borsellini", "Daily wallet deduction"],
  tariff_override: ["Importo manuale", "Manual amount"],
  tariff_override_cleared: ["Importo manuale rimosso", "Manual amount cleared"],
  exemption_granted: ["Esenzione dei servizi sociali", "Social-services exemption"],
  exemption_revoked: ["Revoca dell'esenzione", "Exemption revoked"],
  download: ["Scaricamento di documento", "Download"],
  export: ["Esportazione", "Export"],
  service_day_closed: ["Giornata chiusa dall'Ente", "Service day closed"],
};

/** Field names of the logged rows, for the before/after table. */
export const FIELD_LABELS: Record<string, Label> = {
  id: ["Identificativo", "Id"],
  name: ["Nome", "Name"],
  tenant_id: ["Ente", "Ente"],
  user_id: ["Utente", "User"],
  role: ["Profilo", "Role"],
  prefix: ["Prefisso", "Prefix"],
  scopes: ["Permessi", "Scopes"],
  created_by: ["Creata da", "Created by"],
  created_at: ["Creazione", "Created at"],
  expires_at: ["Scadenza", "Expires"],
  revoked_at: ["Revoca", "Revoked at"],
  email: ["E-mail", "E-mail"],
  full_name: ["Nome e cognome", "Full name"],
  ip: ["Indirizzo IP", "IP address"],
};

function pick(map: Record<string, Label>, key: string, lang: Lang): string {
  const l = map[key];
  return l ? l[lang === "en" ? 1 : 0] : key;
}

export const entityLabel = (entity: string, lang: Lang) => pick(ENTITY_LABELS, entity, lang);
export const actionLabel = (action: string, lang: Lang) => pick(ACTION_LABELS, action, lang);
export const fieldLabel = (field: string, lang: Lang) => pick(FIELD_LABELS, field, lang);
