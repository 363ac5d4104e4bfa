import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { MEMBER_ROLES, type MemberRole } from "../../../lib/db/types.ts";
import { type Ctx, define, HttpError, page, type State } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";
import { currentTenant } from "../../../lib/tenancy/db.ts";
import { TenancyError } from "../../../lib/tenancy/errors.ts";
import { inviteMember } from "../../../lib/tenancy/invitations.ts";
import {
  checkEmail,
  checkName,
  checkPersonTaxCode,
  checkRole,
  collect,
  optional,
} from "../../../lib/tenancy/rules.ts";
import { roleLabel } from "./index.tsx";

interface Form {
  email: string;
  full_name: string;
  tax_code: string;
  role: string;
}

interface Data {
  form: Form;
  errors: FieldErrors;
}

const EMPTY: Form = { email: "", full_name: "", tax_code: "", role: "" };

function requireAdmin(c: Ctx): State {
  const state = c.get("state");
  if (!hasAnyRole(state, ["admin"])) {
    throw new HttpError(403, "Only administrators invite people", { code: "forbidden" });
  }
  return state;
}

export function roleHint(state: State, role: MemberRole): string {
  switch (role) {
    case "admin":
      return state.tr(
        "Tutto il back office, più persone, dati dell'Ente e chiavi API.",
        "The whole back office, plus people, the Ente's details and API keys.",
      );
    case "operator":
      return state.tr(
        "Il back office: iscrizioni, presenze, tariffe, pagamenti.",
        "The back office: enrollments, attendance, tariffs, payments.",
      );
    case "teacher":
      return state.tr(
        "Presenze e diario delle proprie classi.",
        "Attendance and diary of their own classes.",
      );
    case "family":
      return state.tr(
        "Domande, pagamenti e comunicazioni dei propri figli.",
        "Applications, payments and messages for their children.",
      );
    case "provider":
      return state.tr(
        "Pasti e dati necessari al servizio affidato.",
        "Meals and the data the contracted service needs.",
      );
  }
}

export const handler = define.handlers<Data>({
  GET(c) {
    requireAdmin(c);
    return page({ form: EMPTY, errors: {} });
  },
  async POST(c) {
    const state = requireAdmin(c);
    const body = await c.req.parseBody();
    const str = (k: string) => typeof body[k] === "string" ? body[k] as string : "";
    const form: Form = {
      email: str("email"),
      full_name: str("full_name"),
      tax_code: str("tax_code"),
      role: str("role"),
    };
    const { values, errors } = collect(state.lang, {
      email: checkEmail(form.email),
      full_name: checkName(form.full_name, "person"),
      tax_code: optional(form.tax_code, checkPersonTaxCode),
      role: checkRole(form.role),
    });
    if (Object.keys(errors).length) return page({ form, errors }, { status: 422 });
    try {
      const invitation = await state.db.asUser(state.claims!, async (tx) => {
        const tenant = await currentTenant(tx);
        if (!tenant) throw new HttpError(404, "No Ente", { code: "not_found" });
        return await inviteMember(tx, {
          tenantId: tenant.id,
          tenantName: tenant.name,
          email: values.email,
          fullName: values.full_name,
          taxCode: values.tax_code,
          role: values.role,
        }, state.config.publicUrl);
      });
      const sent = invitation.passwordLinkSent ? "attivazione" : "avviso";
      return c.redirect(`/operatore/utenti/${invitation.userId}?invitato=${sent}`, 303);
    } catch (e) {
      if (!(e instanceof TenancyError)) throw e;
      const field = e.field ?? "email";
      return page({ form, errors: { [field]: e.text[state.lang] } }, { status: e.status });
    }
  },
});

/** The invitation form: who, and with which role; the e-mail goes out when the form is sent. */
export default define.page<Data>(function Invite({ data, state }) {
  const { form, errors } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [state.tr("Utenti e profili", "Users and roles"), "/operatore/utenti"],
          [state.tr("Invita", "Invite")],
        ]}
      />
      <h1>{state.tr("Invita una persona", "Invite a person")}</h1>
      <p class="lead">
        {state.tr(
          "La persona riceve un'e-mail con il collegamento per scegliere la password (valido 7 giorni). Se ha già un account con questo indirizzo, riceve solo il nuovo profilo.",
          "The person receives an e-mail with a link to choose a password (valid 7 days). If they already have an account with this address, they just get the new role.",
        )}
      </p>
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action="/operatore/utenti/invita" class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <TextField
          state={state}
          id="email"
          label={state.tr("Indirizzo e-mail", "E-mail address")}
          type="email"
          value={form.email}
          errors={errors}
          required
          autocomplete="off"
          maxLength={254}
        />
        <TextField
          state={state}
          id="full_name"
          label={state.tr("Nome e cognome", "Full name")}
          value={form.full_name}
          errors={errors}
          required
          autocomplete="off"
          maxLength={200}
        />
        <TextField
          state={state}
          id="tax_code"
          label={state.tr("Codice fiscale (facoltativo)", "Codice fiscale (optional)")}
          value={form.tax_code}
          errors={errors}
          hint={state.tr(
            "16 caratteri, ad esempio RSSMRA85T10A562S.",
            "16 characters, e.g. RSSMRA85T10A562S.",
          )}
          autocomplete="off"
          maxLength={16}
        />
        <fieldset class="mb-4" aria-describedby={describedBy("role", errors)}>
          <legend class="h6">
            {state.tr("Profilo", "Role")}
            <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>
          </legend>
          {MEMBER_ROLES.map((r, i) => (
            <div class="form-check" key={r}>
              <input
                id={i === 0 ? "role" : `role-${r}`}
                name="role"
                type="radio"
                value={r}
                checked={form.role === r}
                required
                aria-invalid={errors.role ? "true" : undefined}
                aria-describedby={`role-${r}-hint`}
              />
              <label for={i === 0 ? "role" : `role-${r}`}>{roleLabel(state, r)}</label>
              <small id={`role-${r}-hint`} class="form-text d-block">{roleHint(state, r)}</small>
            </div>
          ))}
          <FieldError field="role" errors={errors} />
        </fieldset>
        <button type="submit" class="btn btn-primary">
          {state.tr("Invia l'invito", "Send the invitation")}
        </button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/utenti">
          {state.tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});
