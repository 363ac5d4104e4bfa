import { Alert } from "../../components/Alert.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../components/FormErrors.tsx";
import { RoleSummary } from "../../components/RoleSummary.tsx";
import { RequiredNote, TextField } from "../../components/TextField.tsx";
import { define, page, type State } from "../../lib/http/define.ts";
import { listTenants, type Tenant } from "../../lib/tenancy/db.ts";
import { TenancyError } from "../../lib/tenancy/errors.ts";
import {
  checkEmail,
  checkEnteTaxCode,
  checkIstatCode,
  checkName,
  checkPersonTaxCode,
  collect,
  optional,
} from "../../lib/tenancy/rules.ts";
import { createTenant, firstAdminEmail } from "../../lib/tenancy/tenants.ts";

const FIELDS = [
  "name",
  "tax_code",
  "istat_code",
  "pec",
  "admin_email",
  "admin_full_name",
  "admin_tax_code",
] as const;
type Form = Record<typeof FIELDS[number], string>;
const EMPTY = Object.fromEntries(FIELDS.map((f) => [f, ""])) as Form;

interface Data {
  tenants: Tenant[];
  form: Form;
  errors: FieldErrors;
  /** The Ente just created, and who was invited to administer it. */
  created: { tenant: Tenant; adminEmail: string } | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const createdId = c.req.query("creato");
    return page(
      await db.asUser(claims!, async (tx) => {
        const tenants = await listTenants(tx);
        const tenant = tenants.find((t) => t.id === createdId);
        const adminEmail = tenant ? await firstAdminEmail(tx, tenant.id) : null;
        return {
          tenants,
          form: EMPTY,
          errors: {},
          created: tenant && adminEmail ? { tenant, adminEmail } : null,
        };
      }),
    );
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims } = state;
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      FIELDS.map((f) => [f, typeof body[f] === "string" ? body[f] as string : ""]),
    ) as Form;
    const { values, errors } = collect(state.lang, {
      name: checkName(form.name, "ente"),
      tax_code: checkEnteTaxCode(form.tax_code),
      istat_code: checkIstatCode(form.istat_code),
      pec: checkEmail(form.pec, "pec"),
      admin_email: checkEmail(form.admin_email),
      admin_full_name: checkName(form.admin_full_name, "person"),
      admin_tax_code: optional(form.admin_tax_code, checkPersonTaxCode),
    });
    let status = 422;
    if (Object.keys(errors).length === 0) {
      try {
        const { tenant } = await db.asUser(claims!, (tx) =>
          createTenant(tx, {
            name: values.name,
            taxCode: values.tax_code,
            istatCode: values.istat_code,
            pec: values.pec,
          }, {
            email: values.admin_email,
            fullName: values.admin_full_name,
            taxCode: values.admin_tax_code,
          }, state.config.publicUrl));
        return c.redirect(`/piattaforma?creato=${tenant.id}`, 303);
      } catch (e) {
        if (!(e instanceof TenancyError)) throw e;
        errors[e.field ?? "tax_code"] = e.text[state.lang];
        status = e.status;
      }
    }
    const tenants = await db.asUser(claims!, (tx) => listTenants(tx));
    return page({ tenants, form, errors, created: null }, { status });
  },
});

function NewTenantForm({ state, form, errors }: { state: State; form: Form; errors: FieldErrors }) {
  const field = (
    id: typeof FIELDS[number],
    label: string,
    opts: { required?: boolean; hint?: string; type?: "email"; max?: number; numeric?: boolean } =
      {},
  ) => (
    <TextField
      state={state}
      id={id}
      label={label}
      value={form[id]}
      errors={errors}
      required={opts.required}
      hint={opts.hint}
      type={opts.type}
      maxLength={opts.max}
      inputMode={opts.numeric ? "numeric" : undefined}
      autocomplete="off"
    />
  );
  return (
    <section class="mt-5" aria-labelledby="new-ente-title">
      <h2 id="new-ente-title" class="h4">{state.tr("Nuovo Ente", "New Ente")}</h2>
      <p>
        {state.tr(
          "Il primo amministratore riceve un'e-mail con il collegamento per scegliere la password (valido 7 giorni); poi potrà invitare le altre persone dell'Ente.",
          "The first administrator receives an e-mail with a link to choose a password (valid 7 days); they can then invite the Ente's other people.",
        )}
      </p>
      <ErrorSummary state={state} errors={errors} level={3} />
      <form method="post" action="/piattaforma" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <fieldset class="mb-4">
          <legend class="h5">{state.tr("Ente", "Ente")}</legend>
          {field("name", state.tr("Denominazione", "Name"), {
            required: true,
            max: 200,
            hint: state.tr("Ad esempio «Comune di Valdiponte».", "E.g. “Comune di Valdiponte”."),
          })}
          {field("tax_code", state.tr("Codice fiscale dell'Ente", "The Ente's tax code"), {
            required: true,
            max: 11,
            numeric: true,
            hint: state.tr("11 cifre.", "11 digits."),
          })}
          {field("istat_code", state.tr("Codice ISTAT del Comune", "ISTAT code of the Comune"), {
            required: true,
            max: 6,
            numeric: true,
            hint: state.tr("6 cifre, ad esempio 058091.", "6 digits, e.g. 058091."),
          })}
          {field("pec", "PEC", { required: true, type: "email", max: 254 })}
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">{state.tr("Primo amministratore", "First administrator")}</legend>
          {field("admin_email", state.tr("Indirizzo e-mail", "E-mail address"), {
            required: true,
            type: "email",
            max: 254,
          })}
          {field("admin_full_name", state.tr("Nome e cognome", "Full name"), {
            required: true,
            max: 200,
          })}
          {field(
            "admin_tax_code",
            state.tr("Codice fiscale (facoltativo)", "Codice fiscale (optional)"),
            { max: 16 },
          )}
        </fieldset>
        <button type="submit" class="btn btn-primary">
          {state.tr(
            "Crea l'Ente e invita l'amministratore",
            "Create the Ente and invite its admin",
          )}
        </button>
      </form>
    </section>
  );
}

/** The platform superadmin's page: the Enti on this installation, and a new one. */
export default define.page<Data>(function Platform({ data, state }) {
  return (
    <>
      <RoleSummary
        state={state}
        title={state.tr("Enti della piattaforma", "Enti on this platform")}
      />
      {data.created && (
        <Alert kind="success">
          {state.tr(
            `Ente «${data.created.tenant.name}» creato. L'invito è stato inviato a ${data.created.adminEmail}.`,
            `Ente “${data.created.tenant.name}” created. The invitation has been sent to ${data.created.adminEmail}.`,
          )}
        </Alert>
      )}
      <div class="table-responsive">
        <table class="table">
          <caption>{`${data.tenants.length} Enti`}</caption>
          <thead>
            <tr>
              <th scope="col">{state.tr("Denominazione", "Name")}</th>
              <th scope="col">{state.tr("Codice fiscale", "Tax code")}</th>
              <th scope="col">{state.tr("Codice ISTAT", "ISTAT code")}</th>
              <th scope="col">PEC</th>
            </tr>
          </thead>
          <tbody>
            {data.tenants.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th>
                <td>{t.tax_code}</td>
                <td>{t.istat_code}</td>
                <td>{t.pec ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewTenantForm state={state} form={data.form} errors={data.errors} />
    </>
  );
});
