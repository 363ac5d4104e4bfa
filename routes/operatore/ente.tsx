import { Fragment } from "preact";
import { Alert } from "../../components/Alert.tsx";
import { Breadcrumb } from "../../components/Breadcrumb.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import { FileField } from "../../components/FileField.tsx";
import { ErrorSummary, type FieldErrors } from "../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../components/TextField.tsx";
import {
  type Ctx,
  define,
  HttpError,
  page,
  type PageResult,
  type State,
} from "../../lib/http/define.ts";
import { hasAnyRole } from "../../lib/http/guards.ts";
import { IMAGE_TYPES } from "../../lib/storage/images.ts";
import { currentLogoUrl, removeTenantLogo, setTenantLogo } from "../../lib/storage/logo.ts";
import { storageFor } from "../../lib/storage/mod.ts";
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

const NOTICES = ["salvato", "logo", "logo-rimosso"] as const;

interface Data {
  tenant: Tenant;
  /** Where the logo is served, or null when there is none. */
  logoUrl: string | null;
  form: Form;
  errors: FieldErrors;
  /** Errors of the logo's form, kept apart from the details' form. */
  logoErrors: FieldErrors;
  notice: typeof NOTICES[number] | null;
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

async function load(c: Ctx): Promise<{ tenant: Tenant; logoUrl: string | null }> {
  const { db, claims } = c.get("state");
  const found = await db.asUser(claims!, async (tx) => {
    const tenant = await currentTenant(tx);
    return tenant ? { tenant, logoUrl: await currentLogoUrl(tx) } : null;
  });
  if (!found) throw noTenant();
  return found;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { tenant, logoUrl } = await load(c);
    const notice = NOTICES.find((n) => c.req.query(n) === "1") ?? null;
    return page({ tenant, logoUrl, form: formOf(tenant), errors: {}, logoErrors: {}, notice });
  },
  async POST(c) {
    const state = c.get("state");
    if (!hasAnyRole(state, ["admin"])) {
      throw new HttpError(403, "Only administrators change the Ente", { code: "forbidden" });
    }
    const body = await c.req.parseBody();
    if (body.azione === "logo" || body.azione === "rimuovi-logo") return await logo(c, body);
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
      const { tenant, logoUrl } = await load(c);
      return page({ tenant, logoUrl, form, errors, logoErrors: {}, notice: null }, {
        status: 422,
      });
    }
    const updated = await state.db.asUser(state.claims!, (tx) => updateTenant(tx, values));
    if (!updated) throw noTenant();
    return c.redirect("/operatore/ente?salvato=1", 303);
  },
});

/** Uploads, replaces or removes the Ente's logo (the `azione` of the form posted). */
async function logo(
  c: Ctx,
  body: Record<string, string | File>,
): Promise<Response | PageResult<Data>> {
  const state = c.get("state");
  const storage = storageFor(state.config);
  if (body.azione === "rimuovi-logo") {
    await removeTenantLogo(state.db, state.claims!, storage);
    return c.redirect("/operatore/ente?logo-rimosso=1#logo-ente", 303);
  }
  const file = body.logo instanceof File ? body.logo : null;
  const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const stored = await setTenantLogo(state.db, state.claims!, storage, bytes);
  if (stored.ok) return c.redirect("/operatore/ente?logo=1#logo-ente", 303);
  const { tenant, logoUrl } = await load(c);
  return page({
    tenant,
    logoUrl,
    form: formOf(tenant),
    errors: {},
    logoErrors: { logo: stored.problem[state.lang] },
    notice: null,
  }, { status: 422 });
}

function noticeText(state: State, notice: Data["notice"]): string | null {
  switch (notice) {
    case "salvato":
      return state.tr("Dati dell'Ente salvati.", "The Ente's details have been saved.");
    case "logo":
      return state.tr(
        "Logo salvato: compare nell'intestazione delle pagine.",
        "Logo saved: it shows in the header of the pages.",
      );
    case "logo-rimosso":
      return state.tr("Logo rimosso.", "Logo removed.");
    default:
      return null;
  }
}

/** The current logo and the forms to replace or remove it (administrators). */
function LogoSection(
  { state, tenant, url, errors }: {
    state: State;
    tenant: Tenant;
    url: string | null;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  return (
    <section id="logo-ente" aria-labelledby="logo-title" class="mt-5">
      <h2 id="logo-title" class="h4">{tr("Logo dell'Ente", "The Ente's logo")}</h2>
      <p>
        {tr(
          "Il logo compare nell'intestazione delle pagine per tutte le persone dell'Ente che hanno eseguito l'accesso.",
          "The logo shows in the header of the pages for everyone of the Ente who is signed in.",
        )}
      </p>
      {url
        ? (
          <p>
            <img
              src={url}
              alt={tr(`Logo di ${tenant.name}`, `Logo of ${tenant.name}`)}
              class="border rounded p-2 bg-white"
              height={96}
            />
          </p>
        )
        : <p class="text-secondary">{tr("Nessun logo caricato.", "No logo uploaded.")}</p>}
      <ErrorSummary state={state} errors={errors} />
      <form
        method="post"
        action="/operatore/ente"
        enctype="multipart/form-data"
        class="mt-3"
        noValidate
      >
        <CsrfField state={state} />
        <input type="hidden" name="azione" value="logo" />
        <FileField
          state={state}
          id="logo"
          label={url ? tr("Nuovo logo", "New logo") : tr("File del logo", "Logo file")}
          errors={errors}
          accept={IMAGE_TYPES.join(",")}
          required
          hint={tr(
            "PNG, JPEG o WebP, al massimo 1 MB; meglio se su sfondo trasparente e alto almeno 96 pixel.",
            "PNG, JPEG or WebP, at most 1 MB; best on a transparent background and at least 96 pixels high.",
          )}
        />
        <button type="submit" class="btn btn-primary">
          {url
            ? tr("Sostituisci il logo", "Replace the logo")
            : tr("Carica il logo", "Upload the logo")}
        </button>
      </form>
      {url && (
        <form method="post" action="/operatore/ente" class="mt-3">
          <CsrfField state={state} />
          <input type="hidden" name="azione" value="rimuovi-logo" />
          <button type="submit" class="btn btn-outline-danger">
            {tr("Rimuovi il logo", "Remove the logo")}
          </button>
        </form>
      )}
    </section>
  );
}

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
      {data.notice && <Alert kind="success">{noticeText(state, data.notice)}</Alert>}
      <Codes state={state} tenant={tenant} />
      <p class="small text-secondary">
        {state.tr(
          "Il codice fiscale e il codice ISTAT sono impostati dall'amministratore della piattaforma: per correggerli rivolgiti a lui.",
          "The tax code and the ISTAT code are set by the platform administrator: ask them to correct these.",
        )}
      </p>
      {!isAdmin
        ? (
          <>
            <ReadOnly state={state} tenant={tenant} />
            {data.logoUrl && (
              <p>
                <img
                  src={data.logoUrl}
                  alt={state.tr(`Logo di ${tenant.name}`, `Logo of ${tenant.name}`)}
                  class="border rounded p-2 bg-white"
                  height={96}
                />
              </p>
            )}
          </>
        )
        : (
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
                hint={state.tr(
                  "Ad esempio «Comune di Valdiponte».",
                  "E.g. “Comune di Valdiponte”.",
                )}
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
            <LogoSection
              state={state}
              tenant={tenant}
              url={data.logoUrl}
              errors={data.logoErrors}
            />
          </>
        )}
    </>
  );
});
