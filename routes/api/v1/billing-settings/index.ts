import { defineApi } from "../../../../lib/api/define_api.ts";
import { issuesProblem, SettingsBody, SettingsResponse } from "../../../../lib/billing/schemas.ts";
import {
  checkServiceBilling,
  checkSettings,
  getSettings,
  listServiceBilling,
  saveServiceBilling,
  saveSettings,
  type ServiceBilling,
} from "../../../../lib/billing/settings.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { HttpError } from "../../../../lib/http/define.ts";

async function current(tx: Tx) {
  const s = await getSettings(tx);
  const services = (await listServiceBilling(tx)).map((r) => ({
    service_id: r.service_id,
    service_title: r.service_title,
    configured: r.configured,
    mode: r.mode,
    taxonomy_code: r.taxonomy_code,
    instalments: r.instalments,
    min_notice_cents: r.min_notice_cents,
    vat_nature: r.vat_nature,
    vat_rate_bp: r.vat_rate_bp,
  }));
  return { ...s, services };
}

export const handler = defineApi({
  GET: {
    summary: "The Ente's pagoPA settings and how each service is billed",
    description:
      "Segregation code, accounts (IBAN, postal account, CBILL), office printed on notices, " +
      "grouping of positions, due days, GPD on or off, the minimum days between two reminders, " +
      "the rule of decadenza of instalment plans (`lapse_*`, the law's by default); per service " +
      "the mode (notice, invoice, " +
      "prepaid), the pagoPA taxonomy code, instalments, minimum notice amount and VAT.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    response: SettingsResponse,
    async run({ claims, state }) {
      return await state.db.asUser(claims, current);
    },
  },
  PUT: {
    summary: "Save the pagoPA settings and services' billing",
    description:
      "`settings` updates the Ente's settings (IBANs are checked, including the CIN): a field " +
      "left out keeps its stored value (its default while never saved), `null` clears an " +
      "optional one; each item " +
      "of `services` replaces that service's billing. 422 with every problem in `errors[]`; " +
      "nothing is stored unless all is valid.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: SettingsBody,
    response: SettingsResponse,
    async run({ body, claims, state }) {
      // A field left out keeps what is stored: a client that does not know a newer setting
      // (the rule of decadenza) must not reset it to its default.
      const stored = body.settings
        ? (await state.db.asUser(claims, (tx) => getSettings(tx))).settings
        : null;
      const given = Object.fromEntries(
        Object.entries(body.settings ?? {}).filter(([, v]) => v !== undefined),
      );
      const checked = stored ? checkSettings({ ...stored, ...given }) : null;
      if (checked?.issues.length) throw issuesProblem(checked.issues, "body.settings");
      const services: [string, ServiceBilling][] = [];
      for (const [i, s] of (body.services ?? []).entries()) {
        const r = checkServiceBilling({
          mode: s.mode,
          taxonomy_code: s.taxonomy_code,
          instalments: s.instalments,
          vat_nature: s.vat_nature ?? null,
        });
        if (r.issues.length) throw issuesProblem(r.issues, `body.services.${i}`);
        const values = {
          ...r.values,
          min_notice_cents: s.min_notice_cents,
          vat_rate_bp: s.vat_rate_bp,
        };
        if (values.mode === "invoice" && !values.vat_nature && !values.vat_rate_bp) {
          throw issuesProblem([{
            field: "vat_rate_bp",
            code: "vat_required",
            it: "",
            en: "For invoices give the VAT rate or the nature of the exemption.",
          }], `body.services.${i}`);
        }
        if (values.vat_nature && values.vat_rate_bp) {
          throw issuesProblem([{
            field: "vat_nature",
            code: "vat_both",
            it: "",
            en: "Give either the VAT rate or the exemption's nature, not both.",
          }], `body.services.${i}`);
        }
        services.push([s.service_id, values]);
      }
      return await state.db.asUser(claims, async (tx) => {
        if (checked) await saveSettings(tx, checked.values);
        const known = new Set((await listServiceBilling(tx)).map((r) => r.service_id));
        for (const [id, v] of services) {
          if (!known.has(id)) {
            throw new HttpError(422, "A service does not exist in your Ente", {
              code: "validation_failed",
              errors: [{
                path: "body.services",
                message: `Unknown service ${id}`,
                code: "unknown_service",
              }],
            });
          }
          await saveServiceBilling(tx, id, v);
        }
        return await current(tx);
      });
    },
  },
});
