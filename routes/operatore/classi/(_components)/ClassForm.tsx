import { CheckboxField } from "../../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { SchoolYear } from "../../../../lib/sites/classes.ts";
import type { ClassForm as Form } from "../../../../lib/sites/forms.ts";
import { SCHOOL_LEVEL_LABELS } from "../../../../lib/sites/labels.ts";
import { SCHOOL_LEVELS } from "../../../../lib/sites/rules.ts";

export interface Choices {
  years: SchoolYear[];
  sites: { id: string; name: string }[];
  teachers: { user_id: string; full_name: string; email: string }[];
}

/** The class form of the create and edit pages, teachers included. */
export function ClassForm(
  { state, form, errors, choices, action, submit, cancel }: {
    state: State;
    form: Form;
    errors: FieldErrors;
    choices: Choices;
    action: string;
    submit: string;
    cancel: string;
  },
) {
  const tr = state.tr;
  return (
    <form method="post" action={action} class="mt-4" noValidate>
      <CsrfField state={state} />
      <RequiredNote state={state} />
      <SelectField
        state={state}
        required
        empty={tr("Scegli…", "Choose…")}
        spacing="mb-5"
        id="school_year_id"
        label={tr("Anno scolastico", "School year")}
        value={form.school_year_id}
        errors={errors}
        options={choices.years.map((y) => [y.id, y.label])}
      />
      <SelectField
        state={state}
        required
        empty={tr("Scegli…", "Choose…")}
        spacing="mb-5"
        id="site_id"
        label={tr("Plesso", "Site")}
        value={form.site_id}
        errors={errors}
        options={choices.sites.map((s) => [s.id, s.name])}
      />
      <TextField
        state={state}
        id="name"
        label={tr("Classe o sezione", "Class or section")}
        value={form.name}
        errors={errors}
        required
        maxLength={60}
        hint={tr("Ad esempio «1A» o «Sezione Coccinelle».", "E.g. “1A” or “Sezione Coccinelle”.")}
      />
      <SelectField
        state={state}
        required
        empty={tr("Scegli…", "Choose…")}
        spacing="mb-5"
        id="school_level"
        label={tr("Ordine di scuola", "School level")}
        value={form.school_level}
        errors={errors}
        options={SCHOOL_LEVELS.map((
          l,
        ) => [l, tr(SCHOOL_LEVEL_LABELS[l].it, SCHOOL_LEVEL_LABELS[l].en)])}
      />
      <div class="row">
        <div class="col-md-6">
          <TextField
            state={state}
            id="grade"
            label={tr("Anno di corso", "Grade")}
            value={form.grade}
            errors={errors}
            inputMode="numeric"
            maxLength={1}
            hint={tr(
              "Da 1 a 5 nella primaria, da 1 a 3 nella secondaria; facoltativo per nido e infanzia (sezioni miste).",
              "1 to 5 in primary, 1 to 3 in lower secondary; optional for nursery and pre-school (mixed sections).",
            )}
          />
        </div>
        <div class="col-md-6">
          <TextField
            state={state}
            id="capacity"
            label={tr("Posti (facoltativo)", "Places (optional)")}
            value={form.capacity}
            errors={errors}
            inputMode="numeric"
            maxLength={3}
          />
        </div>
      </div>
      <fieldset
        id="teachers"
        class="mb-4"
        tabIndex={-1}
        aria-describedby={describedBy("teachers", errors)}
      >
        <legend class="h6">{tr("Docenti della classe", "Teachers of the class")}</legend>
        {choices.teachers.length === 0 && (
          <p class="form-text">
            {tr(
              "Nessuna persona ha il profilo docente: invitala da «Utenti e profili».",
              "Nobody has the teacher role: invite them from “Users and roles”.",
            )}
          </p>
        )}
        {choices.teachers.map((t) => (
          <CheckboxField
            key={t.user_id}
            id={`teacher-${t.user_id}`}
            name="teacher_ids"
            value={t.user_id}
            checked={form.teacher_ids.includes(t.user_id)}
            label={
              <>
                {t.full_name} <span class="text-secondary">({t.email})</span>
              </>
            }
          />
        ))}
        <FieldError field="teachers" errors={errors} />
      </fieldset>
      <button type="submit" class="btn btn-primary">{submit}</button>
      <a class="btn btn-outline-primary ms-2" href={cancel}>{tr("Annulla", "Cancel")}</a>
    </form>
  );
}
