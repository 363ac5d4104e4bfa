import type { Lang } from "../i18n/mod.ts";

type Label = [it: string, en: string];

/** What the audit log calls each entity (table) and action; unknown names are shown as they are. */
export const ENTITY_LABELS: Record<string, Label> = {
  tenants: ["Ente", "Ente"],
  users: ["Utente", "User"],
  memberships: ["Profilo di accesso", "Role membership"],
  api_keys: ["Chiave API", "API key"],
};

export const ACTION_LABELS: Record<string, Label> = {
  insert: ["Creazione", "Created"],
  update: ["Modifica", "Changed"],
  delete: ["Eliminazione", "Deleted"],
  sign_in: ["Accesso", "Sign-in"],
  password_reset: ["Reimpostazione password", "Password reset"],
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
