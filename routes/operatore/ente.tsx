import { Fragment } from "preact";
import { Alert } from "../../components/Alert.tsx";
import { Breadcrumb } from "../../components/Breadcrumb.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../components/TextField.tsx";
import { define, HttpError, page, type State } from "../../lib/http/define.ts";
import { hasAnyRole } from "../../lib/http/guards.ts";
import { currentTenant, type Tenant } from "../../lib/tenancy/db.ts";
import {
  checkAddress,
  checkEmail,
  checkName,
  checkPhone,
  checkWebsite,
  collect,
  optional,
} from "../../lib/tenancy/rules.ts";
import { updateTenant } from "../../lib/tenancy/tenants.ts";

const FIELDS = ["name", "pec", "email", "phone", "address", "website"] as const;
type Form = Record<typeof FIELDS[number], string>;

interface Data {
  tenant: Tenant;
  form: Form;
  errors: FieldErrors;
  saved: boolean;
}

function formOf(t: Tenant): Form {
  return {
    name: t.name,
    pec: t.pec ?? "",
    email: t.email ?? "",
    phone: t.phone ?? "",
    address: t.address ?? "",
    website: t.website ?? "",
  };
}

const noTenant = () => new HttpError(404, "No Ente", { code: "not_found" });

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const tenant = await db.asUser(claims!, currentTenant);
    if (!tenant) throw noTenant();
    return page({
      tenant,
      form: formOf(tenant),
      errors: {},
      saved: c.req.query("salvato") === "1",
    });
  },
  async POST(c) {
    const state = c.get("state");
    if (!hasAnyRole(state, ["admin"])) {
      throw new HttpError(403, "Only administrators change the Ente", { code: "forbidden" });
    }
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      FIELDS.map((f) => [f, typeof body[f] === "string" ? body[f] as string : ""]),
    ) as Form;
    const { values, errors } = collect(state.lang, {
      name: checkName(form.name, "ente"),
      pec: optional(form.pec, (s) => checkEmail(s, "pec")),
      email: optional(form.email, checkEmail),
      phone: optional(form.phone, checkPhone),
      address: optional(form.address, checkAddress),
      website: optional(form.website, checkWebsite),
    });
    if (Object.keys(errors).length) {
      const tenant = await state.db.asUser(state.claims!, currentTenant);
      if (!tenant) throw noTenant();
      return page({ tenant, form, errors, saved: false }, { status: 422 });
    }
    const updated = await state.db.asUser(state.claims!, (tx) => updateTenant(tx, values));
    if (!updated) throw noTenant();
    return c.redirect("/operatore/ente?salvato=1", 303);
  },
});

function Codes({ state, tenant }: { state: State; tenant: Tenant }) {
  return (
    <dl class="row">
      <dt class="col-sm-3">{state.tr("Codice fiscale", "Tax code")}</dt>
      <dd class="col-sm-9">{tenant.tax_code}</dd>
      <dt class="col-sm-3">{state.tr("Codice ISTAT", "ISTAT code")}</dt>
      <dd class="col-sm-9">{tenant.istat_code}</dd>
    </dl>
  );
}

function ReadOnly({ state, tenant }: { state: State; tenant: Tenant }) {
  const rows: [string, string | null][] = [
    [state.tr("Denominazione", "Name"), tenant.name],
    ["PEC", tenant.pec],
    [state.tr("E-mail dell'ufficio", "Office e-mail"), tenant.email],
    [state.tr("Telefono", "Phone"), tenant.phone],
    [state.tr("Indirizzo", "Address"), tenant.address],
    [state.tr("Sito web", "Website"), tenant.website],
  ];
  return (
    <dl class="row">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt class="col-sm-3">{label}</dt>
          <dd class="col-sm-9">{value ?? "—"}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** The Ente's details: administrators edit name and contacts; the codes are read-only. */
export default define.page<Data>(function EntePage({ data, state }) {
  const { tenant, form, errors } = data;
  const isAdmin = hasAnyRole(state, ["admin"]);
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Dati dell'Ente", "The Ente's details")]]} />
      <h1>{state.tr("Dati dell'Ente", "The Ente's details")}</h1>
      {data.saved && (
        <Alert kind="success">
          {state.tr("Dati dell'Ente salvati.", "The Ente's details have been saved.")}
        </Alert>
      )}
      <Codes state={state} tenant={tenant} />
      <p class="small text-secondary">
        {state.tr(
          "Il codice fiscale e il codice ISTAT sono impostati dall'amministratore della piattaforma: per correggerli rivolgiti a lui.",
          "The tax code and the ISTAT code are set by the platform administrator: ask them to correct these.",
        )}
      </p>
      {!isAdmin ? <ReadOnly state={state} tenant={tenant} /> : (
        <>
          <ErrorSummary state={state} errors={errors} />
          <form method="post" action="/operatore/ente" class="mt-4" noValidate>
            <CsrfField state={state} />
            <RequiredNote state={state} />
            <TextField
              state={state}
              id="name"
              label={state.tr("Denominazione", "Name")}
              value={form.name}
              errors={errors}
              required
              maxLength={200}
              hint={state.tr("Ad esempio «Comune di Valdiponte».", "E.g. “Comune di Valdiponte”.")}
            />
            <TextField
              state={state}
              id="pec"
              label="PEC"
              type="email"
              value={form.pec}
              errors={errors}
              maxLength={254}
              hint={state.tr(
                "Indirizzo di posta elettronica certificata per le comunicazioni ufficiali.",
                "Certified e-mail address for official communications.",
              )}
            />
            <TextField
              state={state}
              id="email"
              label={state.tr("E-mail dell'ufficio", "Office e-mail")}
              type="email"
              value={form.email}
              errors={errors}
              maxLength={254}
              hint={state.tr(
                "L'indirizzo a cui le famiglie possono scrivere.",
                "The address families can write to.",
              )}
            />
            <TextField
              state={state}
              id="phone"
              label={state.tr("Telefono", "Phone")}
              type="tel"
              value={form.phone}
              errors={errors}
              maxLength={30}
            />
            <TextField
              state={state}
              id="address"
              label={state.tr("Indirizzo", "Address")}
              value={form.address}
              errors={errors}
              maxLength={300}
            />
            <TextField
              state={state}
              id="website"
              label={state.tr("Sito web", "Website")}
              type="url"
              value={form.website}
              errors={errors}
              maxLength={300}
              hint={state.tr(
                "Indirizzo completo, ad esempio https://www.comune.esempio.it.",
                "Full address, e.g. https://www.comune.example.it.",
              )}
            />
            <button type="submit" class="btn btn-primary">
              {state.tr("Salva i dati", "Save details")}
            </button>
          </form>
        </>
      )}
    </>
  );
});
