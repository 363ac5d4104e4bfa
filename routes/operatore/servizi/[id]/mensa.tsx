import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { problemFrom } from "../../../../lib/services/api.ts";
import {
  addDiet,
  type CanteenSettings,
  type Diet,
  getCanteenSettings,
  listDiets,
  saveCanteenSettings,
  updateDiet,
} from "../../../../lib/services/canteen_db.ts";
import type { Service } from "../../../../lib/services/db.ts";
import { DIET_KIND_LABELS, DIET_KINDS, label } from "../../../../lib/services/labels.ts";
import {
  checkDietCode,
  checkDietKind,
  checkDietName,
  checkLongText,
  checkRecipients,
  checkTime,
} from "../../../../lib/services/rules.ts";
import { collect } from "../../../../lib/tenancy/rules.ts";
import { Check, Choices, Input, Textarea } from "../(_components)/fields.tsx";
import { type Body, field, pageService, readBody } from "../(_components)/load.ts";
import { ServiceHeader } from "../(_components)/ServiceHeader.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

type Form = Record<string, string>;
interface Data {
  service: Service;
  settings: CanteenSettings;
  diets: Diet[];
  editing: Diet | null;
  form: Form;
  errors: FieldErrors;
}

async function canteen(c: Parameters<typeof pageService>[0]) {
  const r = await pageService(c);
  if (r.service.kind !== "canteen") {
    throw new HttpError(404, "Not a canteen", { code: "not_found" });
  }
  return r;
}

async function load(
  state: State,
  service: Service,
  editId: string | null,
  form: Form,
  errors: FieldErrors,
): Promise<Data> {
  return await state.db.asUser(state.claims!, async (tx) => {
    const diets = await listDiets(tx, service.id);
    return {
      service,
      settings: await getCanteenSettings(tx, service.id),
      diets,
      editing: diets.find((d) => d.id === editId) ?? null,
      form,
      errors,
    };
  });
}

async function save(
  state: State,
  service: Service,
  b: Body,
): Promise<{ errors: FieldErrors; saved?: string }> {
  if (field(b, "action") === "settings") {
    const { values, errors } = collect(state.lang, {
      cutoff: checkTime(field(b, "cutoff")),
      recipients: checkRecipients(field(b, "recipients")),
    });
    if (Object.keys(errors).length) return { errors };
    await state.db.asUser(
      state.claims!,
      (tx) =>
        saveCanteenSettings(tx, service.id, {
          attendance_cutoff: values.cutoff,
          attendance_recipients: values.recipients,
        }),
    );
    return { errors, saved: "presenze" };
  }
  const { values, errors } = collect(state.lang, {
    diet_code: checkDietCode(field(b, "diet_code")),
    diet_name: checkDietName(field(b, "diet_name")),
    diet_kind: checkDietKind(field(b, "diet_kind")),
    diet_description: checkLongText(field(b, "diet_description"), 1000),
  });
  if (Object.keys(errors).length) return { errors };
  const diet = {
    code: values.diet_code,
    name: values.diet_name,
    kind: values.diet_kind,
    description: values.diet_description,
    certificate_required: field(b, "diet_certificate") !== "",
    active: field(b, "diet_active") !== "",
  };
  try {
    await state.db.asUser(state.claims!, async (tx) => {
      const id = field(b, "diet_id");
      if (isUuid(id)) await updateDiet(tx, service.id, id, diet);
      else await addDiet(tx, service.id, diet);
    });
  } catch (e) {
    if (problemFrom(e)?.status !== 409) throw e;
    return {
      errors: {
        diet_code: state.tr("Un'altra dieta ha già questo codice.", "Another diet has this code."),
      },
    };
  }
  return { errors, saved: "dieta" };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { state, service } = await canteen(c);
    return page(await load(state, service, c.req.query("dieta") ?? null, {}, {}));
  },
  async POST(c) {
    const { state, service } = await canteen(c);
    const body = await readBody(c);
    const out = await save(state, service, body);
    if (!out.saved) {
      const form = Object.fromEntries(Object.keys(body).map((k) => [k, field(body, k)]));
      return page(await load(state, service, field(body, "diet_id") || null, form, out.errors), {
        status: 422,
      });
    }
    return c.redirect(`/operatore/servizi/${service.id}/mensa?salvato=${out.saved}`, 303);
  },
});

function DietsTable({ state, diets, base }: { state: State; diets: Diet[]; base: string }) {
  if (!diets.length) return <p>{state.tr("Nessuna dieta configurata.", "No diets yet.")}</p>;
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>
          {state.tr("Diete che le famiglie possono richiedere", "Diets families can ask for")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{state.tr("Dieta", "Diet")}</th>
            <th scope="col">{state.tr("Tipo", "Kind")}</th>
            <th scope="col">{state.tr("Certificato", "Certificate")}</th>
            <th scope="col">{state.tr("Stato", "Status")}</th>
            <th scope="col">
              <span class="visually-hidden">{state.tr("Azioni", "Actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {diets.map((d) => (
            <tr key={d.id}>
              <th scope="row">
                {d.name}
                <div class="small text-secondary">
                  <code>{d.code}</code>
                </div>
              </th>
              <td>{label(DIET_KIND_LABELS, d.kind, state.lang)}</td>
              <td>
                {d.certificate_required
                  ? state.tr("Richiesto", "Required")
                  : state.tr("Non richiesto", "Not required")}
              </td>
              <td>
                {d.active ? state.tr("Attiva", "Active") : state.tr("Non più offerta", "Retired")}
              </td>
              <td>
                <a class="btn btn-sm btn-outline-primary" href={`${base}?dieta=${d.id}#diet-form`}>
                  {state.tr("Modifica", "Edit")}
                  <span class="visually-hidden">«{d.name}»</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Canteen: the daily attendance communication and the diet types (health data: staff only). */
export default define.page<Data>(function Canteen({ data, state, url }) {
  const { service, settings, editing, form, errors } = data;
  const base = `/operatore/servizi/${service.id}/mensa`;
  const saved = url.searchParams.get("salvato");
  const posted = form.action === "settings";
  const d = (k: keyof Diet, key: string) =>
    form.action === "diet" ? form[key] ?? "" : editing ? String(editing[k] ?? "") : "";
  const p = { state, errors };
  return (
    <>
      <ServiceHeader state={state} service={service} tab="canteen" />
      {saved && (
        <Alert kind="success">
          {saved === "dieta"
            ? state.tr("Dieta salvata.", "Diet saved.")
            : state.tr("Comunicazione delle presenze salvata.", "Attendance communication saved.")}
        </Alert>
      )}
      <ErrorSummary state={state} errors={errors} />
      <section aria-labelledby="attendance-title" class="mb-5">
        <h2 id="attendance-title" class="h4">
          {state.tr("Comunicazione giornaliera delle presenze", "Daily attendance communication")}
        </h2>
        <p>
          {state.tr(
            "Entro l'orario indicato le scuole segnalano le presenze del giorno; i totali per plesso e per dieta vanno ai destinatari (centro cottura, ufficio).",
            "By this time schools report the day's presences; totals per site and diet go to the recipients (kitchen, office).",
          )}
        </p>
        <form method="post" action={base} noValidate>
          <CsrfField state={state} />
          <input type="hidden" name="action" value="settings" />
          <Input
            {...p}
            id="cutoff"
            type="time"
            label={state.tr("Orario limite (ora italiana)", "Cut-off time (Italian time)")}
            value={posted ? form.cutoff ?? "" : settings.attendance_cutoff}
            required
          />
          <Textarea
            {...p}
            id="recipients"
            label={state.tr("Destinatari dei totali", "Recipients of the totals")}
            value={posted ? form.recipients ?? "" : settings.attendance_recipients.join("\n")}
            rows={3}
            hint={state.tr(
              "Indirizzi e-mail, uno per riga o separati da virgole (al massimo 20).",
              "E-mail addresses, one per line or comma-separated (at most 20).",
            )}
          />
          <button type="submit" class="btn btn-primary">{state.tr("Salva", "Save")}</button>
        </form>
      </section>
      <section aria-labelledby="diets-title" class="mb-5">
        <h2 id="diets-title" class="h4">{state.tr("Diete", "Diets")}</h2>
        <Alert kind="info">
          {state.tr(
            "Le diete sono dati sulla salute: le vede solo il personale dell'Ente.",
            "Diets are health data: only the Ente's staff sees them.",
          )}
        </Alert>
        <DietsTable state={state} diets={data.diets} base={base} />
        <h3 id="diet-form" class="h5" tabIndex={-1}>
          {editing
            ? state.tr(`Modifica la dieta «${editing.name}»`, `Edit the diet “${editing.name}”`)
            : state.tr("Aggiungi una dieta", "Add a diet")}
        </h3>
        <form method="post" action={base} noValidate>
          <CsrfField state={state} />
          <input type="hidden" name="action" value="diet" />
          {editing && <input type="hidden" name="diet_id" value={editing.id} />}
          <RequiredNote state={state} />
          <Input
            {...p}
            id="diet_name"
            label={state.tr("Nome", "Name")}
            value={d("name", "diet_name")}
            maxLength={100}
            required
          />
          <Input
            {...p}
            id="diet_code"
            label={state.tr("Codice", "Code")}
            value={d("code", "diet_code")}
            maxLength={20}
            required
            hint={state.tr(
              "Breve, ad esempio CELIACHIA: compare nei riepiloghi per la cucina.",
              "Short, e.g. COELIAC: shown in the kitchen's summaries.",
            )}
          />
          <Choices
            {...p}
            id="diet_kind"
            type="radio"
            label={state.tr("Tipo di dieta", "Kind of diet")}
            values={[d("kind", "diet_kind")]}
            options={DIET_KINDS.map((k) => [k, label(DIET_KIND_LABELS, k, state.lang)])}
            required
            inline
          />
          <Textarea
            {...p}
            id="diet_description"
            label={state.tr("Descrizione (facoltativa)", "Description (optional)")}
            value={d("description", "diet_description")}
            rows={2}
            maxLength={1000}
          />
          <Check
            {...p}
            id="diet_certificate"
            label={state.tr("Richiede un certificato medico", "Requires a medical certificate")}
            checked={form.action === "diet"
              ? !!form.diet_certificate
              : editing?.certificate_required ?? false}
          />
          <Check
            {...p}
            id="diet_active"
            label={state.tr("Offerta alle famiglie", "Offered to families")}
            checked={form.action === "diet" ? !!form.diet_active : editing?.active ?? true}
          />
          <button type="submit" class="btn btn-primary">
            {editing
              ? state.tr("Salva la dieta", "Save the diet")
              : state.tr("Aggiungi la dieta", "Add the diet")}
          </button>
          {editing && (
            <a class="btn btn-outline-primary ms-2" href={base}>{state.tr("Annulla", "Cancel")}</a>
          )}
        </form>
      </section>
    </>
  );
});
