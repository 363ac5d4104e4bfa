import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  checkedSettings,
  SettingsBody,
  settingsJson,
  SettingsSchema,
} from "../../../../lib/fatturapa/schemas.ts";
import { getSettings, saveSettings } from "../../../../lib/fatturapa/settings.ts";
import { HttpError } from "../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "The Ente's invoicing data",
    description: "The Ente as cedente/prestatore of its invoices. 404 `not_configured` before " +
      "they are first saved.",
    tags: ["invoices"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    response: SettingsSchema,
    errors: [404],
    async run({ claims, state }) {
      const s = await state.db.asUser(
        claims,
        (tx) => getSettings(tx, claims.app_metadata.tenant_id!),
      );
      if (!s) {
        throw new HttpError(404, "The invoicing data are not configured", {
          code: "not_configured",
        });
      }
      return settingsJson(s);
    },
  },
  PUT: {
    summary: "Save the Ente's invoicing data",
    description: "Partita IVA (with check digit), codice fiscale, denominazione, sede, regime " +
      "fiscale, optional REA (office and number together), number prefix, transmitter, legal " +
      "references per natura, bollo virtuale. 422 with one error per field.",
    tags: ["invoices"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: SettingsBody,
    response: SettingsSchema,
    async run({ body, claims, state }) {
      const values = checkedSettings(body);
      const saved = await state.db.asUser(claims, (tx) =>
        saveSettings(
          tx,
          claims.app_metadata.tenant_id!,
          values,
          state.auth === "api_key" ? null : claims.sub,
        ));
      return settingsJson(saved);
    },
  },
});
