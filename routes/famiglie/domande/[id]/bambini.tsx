import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  calendarDate,
  FamilyBreadcrumb,
  WizardSteps,
} from "../../../../components/family/Family.tsx";
import { ErrorSummary, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { romeDateOf } from "../../../../lib/calendar/dates.ts";
import { setDraftItems, type WantedItem } from "../../../../lib/enrollment/applications.ts";
import { parseNewChild } from "../../../../lib/enrollment/portal.ts";
import {
  type CatalogService,
  type Household,
  myHousehold,
  publishedServices,
} from "../../../../lib/enrollment/portal_db.ts";
import { orphanedBy } from "../../../../lib/enrollment/portal_drafts.ts";
import { loadDraft } from "../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";

interface Data {
  a: ApplicationRow;
  household: Household;
  services: CatalogService[];
  picked: string[];
  newChild: Record<string, string>;
  newServices: string[];
  errors: FieldErrors;
}

async function context(c: Ctx, a: ApplicationRow) {
  const { db, claims } = c.get("state");
  const { household, all } = await db.asUser(claims!, async (tx) => ({
    household: await myHousehold(tx),
    all: await publishedServices(tx),
  }));
  if (!household) throw new HttpError(403, "Not linked to a household", { code: "no_household" });
  const open = all.filter((s) =>
    s.window.state === "open" && s.years.some((y) => y.id === a.school_year_id)
  );
  const wanted = new Set([
    ...(c.req.query("servizi") ?? "").split(","),
    ...a.items.map((i) => i.service_id),
  ]);
  const services = open.filter((s) => wanted.has(s.id));
  return { household, services: services.length ? services : open };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const { household, services } = await context(c, a);
    const picked = a.items.filter((i) => i.child_id).map((i) => `${i.child_id}:${i.service_id}`);
    const extra = a.items.find((i) => !i.child_id);
    const ch = (extra?.child ?? {}) as Record<string, string>;
    return page<Data>({
      a,
      household,
      services,
      picked,
      newChild: extra
        ? {
          child_surname: ch.surname ?? "",
          child_name: ch.name ?? "",
          child_tax_code: ch.tax_code ?? "",
          child_birth_date: ch.birth_date ?? "",
          child_sex: ch.sex ?? "",
        }
        : {},
      newServices: a.items.filter((i) => !i.child_id).map((i) => i.service_id),
      errors: {},
    });
  },
  async POST(c) {
    const state = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const { household, services } = await context(c, a);
    const body = await c.req.parseBody({ all: true });
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
    const picked = list(body.pick);
    const newServices = list(body.new_service);
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const newChild = Object.fromEntries(
      ["child_surname", "child_name", "child_tax_code", "child_birth_date", "child_sex"].map((
        k,
      ) => [k, str(k)]),
    );
    const errors: FieldErrors = {};
    const wanted: WantedItem[] = [];
    for (const p of picked) {
      const [childId, serviceId] = p.split(":");
      const kid = household.minors.find((m) => m.id === childId);
      if (!kid || !services.some((s) => s.id === serviceId)) continue;
      if (!kid.tax_code || !kid.birth_date) {
        errors.pick = state.tr(
          `In anagrafe mancano codice fiscale o data di nascita di ${kid.name}: contatta l'ufficio.`,
          `The registry lacks ${kid.name}'s codice fiscale or birth date: contact the office.`,
        );
        continue;
      }
      wanted.push({
        service_id: serviceId,
        child_id: kid.id,
        child: {
          surname: kid.surname,
          name: kid.name,
          tax_code: kid.tax_code,
          birth_date: kid.birth_date,
          ...(kid.sex ? { sex: kid.sex } : {}),
          resident: kid.resident,
          disability: false,
        },
      });
    }
    const typed = Object.values(newChild).some((v) => v.trim() !== "");
    if (typed || newServices.length) {
      const r = parseNewChild(newChild, romeDateOf());
      if (!r.ok) { for (const [k, m] of Object.entries(r.errors)) errors[k] = m[state.lang]; }
      const chosen = services.filter((s) => newServices.includes(s.id));
      if (!chosen.length) {
        errors.new_service = state.tr(
          "Scegli almeno un servizio per il bambino che aggiungi.",
          "Choose at least one service for the child you add.",
        );
      }
      if (r.ok) {
        if (household.minors.some((m) => m.tax_code === r.value.tax_code)) {
          errors.child_tax_code = state.tr(
            "Questo bambino è già nel tuo nucleo: selezionalo nell'elenco sopra.",
            "This child is already in your household: tick them in the list above.",
          );
        }
        for (const s of chosen) {
          wanted.push({
            service_id: s.id,
            child: { ...r.value, resident: true, disability: false },
          });
        }
      }
    }
    if (!Object.keys(errors).length && wanted.length === 0) {
      errors.pick = state.tr(
        "Scegli almeno un bambino e un servizio.",
        "Choose at least one child and one service.",
      );
    }
    if (Object.keys(errors).length) {
      return page({ a, household, services, picked, newChild, newServices, errors }, {
        status: 422,
      });
    }
    // Items no longer wanted go with their documents: their files go too, once committed.
    const orphans = await state.db.asUser(
      state.claims!,
      (tx) => orphanedBy(tx, a.id, () => setDraftItems(tx, a.id, a.school_year_id, wanted)),
    );
    const storage = storageFor(state.config);
    for (const key of orphans) await storage.delete(key);
    return c.redirect(`/famiglie/domande/${a.id}`, 303);
  },
});

/** Step 2: which children, for which services. */
export default define.page<Data>(function Children({ data, state }) {
  const tr = state.tr;
  const { a, household, services, errors } = data;
  const v = (k: string) => data.newChild[k] ?? "";
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda in bozza", "Draft application")]]} />
      <h1>{tr("Bambini e servizi", "Children and services")}</h1>
      <WizardSteps state={state} current="bambini" draft={a} />
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={`/famiglie/domande/${a.id}/bambini`} noValidate>
        <CsrfField state={state} />
        <fieldset class="mb-4" aria-describedby={errors.pick ? "pick-error" : undefined}>
          <legend class="h5">{tr("I bambini del tuo nucleo", "Children in your household")}</legend>
          {household.minors.length === 0 && (
            <p>{tr("Nessun minore in anagrafe.", "No minors in the registry.")}</p>
          )}
          {household.minors.map((m, mi) => (
            <div class="mb-3" key={m.id}>
              <p class="fw-semibold mb-1">
                {m.name} {m.surname}
                {m.birth_date &&
                  tr(
                    `, nato/a il ${calendarDate(state, m.birth_date)}`,
                    `, born ${calendarDate(state, m.birth_date)}`,
                  )}
              </p>
              {services.map((s, si) => {
                const id = mi === 0 && si === 0 ? "pick" : `pick-${m.id}-${s.id}`;
                const value = `${m.id}:${s.id}`;
                return (
                  <div class="form-check" key={s.id}>
                    <input
                      type="checkbox"
                      id={id}
                      name="pick"
                      value={value}
                      checked={data.picked.includes(value)}
                    />
                    <label for={id}>{s.title} – {m.name}</label>
                  </div>
                );
              })}
            </div>
          ))}
          <FieldError field="pick" errors={errors} />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">
            {tr("Un bambino non ancora in elenco", "A child not listed yet")}
          </legend>
          <p class="small">
            {tr(
              "Ad esempio un neonato o un bambino appena trasferito: compila solo se serve.",
              "For example a newborn or a child who has just moved here: fill in only if needed.",
            )}
          </p>
          <TextField
            state={state}
            id="child_surname"
            label={tr("Cognome", "Surname")}
            value={v("child_surname")}
            errors={errors}
          />
          <TextField
            state={state}
            id="child_name"
            label={tr("Nome", "Name")}
            value={v("child_name")}
            errors={errors}
          />
          <div class="form-group">
            <label for="child_birth_date" class="active">
              {tr("Data di nascita", "Date of birth")}
            </label>
            <input
              type="date"
              id="child_birth_date"
              name="child_birth_date"
              class={`form-control${errors.child_birth_date ? " is-invalid" : ""}`}
              value={v("child_birth_date")}
              aria-invalid={errors.child_birth_date ? "true" : undefined}
              aria-describedby={errors.child_birth_date ? "child_birth_date-error" : undefined}
            />
            <FieldError field="child_birth_date" errors={errors} />
          </div>
          <div class="select-wrapper mb-4">
            <label for="child_sex">{tr("Sesso", "Sex")}</label>
            <select
              id="child_sex"
              name="child_sex"
              aria-invalid={errors.child_sex ? "true" : undefined}
              aria-describedby={errors.child_sex ? "child_sex-error" : undefined}
            >
              <option value="">{tr("Scegli", "Choose")}</option>
              <option value="F" selected={v("child_sex") === "F"}>{tr("Femmina", "Female")}</option>
              <option value="M" selected={v("child_sex") === "M"}>{tr("Maschio", "Male")}</option>
            </select>
            <FieldError field="child_sex" errors={errors} />
          </div>
          <TextField
            state={state}
            id="child_tax_code"
            label={tr("Codice fiscale", "Codice fiscale")}
            value={v("child_tax_code")}
            errors={errors}
            maxLength={16}
          />
          <div
            id="new_service"
            aria-describedby={errors.new_service ? "new_service-error" : undefined}
          >
            {services.map((s) => (
              <div class="form-check" key={s.id}>
                <input
                  type="checkbox"
                  id={`new_service-${s.id}`}
                  name="new_service"
                  value={s.id}
                  checked={data.newServices.includes(s.id)}
                />
                <label for={`new_service-${s.id}`}>
                  {tr("Iscrivilo a", "Enroll in")} {s.title}
                </label>
              </div>
            ))}
          </div>
          <FieldError field="new_service" errors={errors} />
        </fieldset>
        <button type="submit" class="btn btn-primary">
          {tr("Salva e continua", "Save and continue")}
        </button>
      </form>
    </>
  );
});
