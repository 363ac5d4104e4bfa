import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FamilyBreadcrumb, WizardSteps } from "../../../../components/family/Family.tsx";
import { ErrorSummary, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { saveDeclarations } from "../../../../lib/enrollment/applications.ts";
import { DECLARATIONS, parseDeclarations } from "../../../../lib/enrollment/portal.ts";
import { loadDraft } from "../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { define, page } from "../../../../lib/http/define.ts";

interface Data {
  a: ApplicationRow;
  ticked: string[];
  errors: FieldErrors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    return page({ a, ticked: Object.keys(a.declarations), errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const body = await c.req.parseBody();
    const r = parseDeclarations(body);
    if (!r.ok) {
      const errors: FieldErrors = {};
      for (const [k, m] of Object.entries(r.errors)) errors[k] = m[state.lang];
      const ticked = DECLARATIONS.filter((d) => body[`decl_${d.code}`] === "on").map((d) => d.code);
      return page({ a, ticked, errors }, { status: 422 });
    }
    await state.db.asUser(state.claims!, (tx) => saveDeclarations(tx, a.id, r.value));
    return c.redirect(`/famiglie/domande/${a.id}/riepilogo`, 303);
  },
});

/** Step 4: the declarations and the privacy notice. */
export default define.page<Data>(function Declarations({ data, state }) {
  const tr = state.tr;
  const { a, errors } = data;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda in bozza", "Draft application")]]} />
      <h1>{tr("Dichiarazioni e privacy", "Declarations and privacy")}</h1>
      <WizardSteps state={state} current="dichiarazioni" draft={a} />
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={`/famiglie/domande/${a.id}/dichiarazioni`} noValidate>
        <CsrfField state={state} />
        {DECLARATIONS.map((d) => {
          const id = `decl_${d.code}`;
          return (
            <div class="form-check mb-3" key={d.code}>
              <input
                type="checkbox"
                id={id}
                name={id}
                checked={data.ticked.includes(d.code)}
                required
                aria-invalid={errors[id] ? "true" : undefined}
                aria-describedby={errors[id] ? `${id}-error` : undefined}
              />
              <label for={id}>{state.lang === "it" ? d.it : d.en}</label>
              <FieldError field={id} errors={errors} />
            </div>
          );
        })}
        <button type="submit" class="btn btn-primary">
          {tr("Salva e continua", "Save and continue")}
        </button>
      </form>
    </>
  );
});
