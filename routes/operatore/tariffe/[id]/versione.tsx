import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import {
  addVersion,
  getTariff,
  TariffConflict,
  type TariffDetail,
  TariffInvalid,
} from "../../../../lib/tariffs/db.ts";
import { type Editor, EDITORS, emptyForm, rulesToForm } from "../../../../lib/tariffs/form.ts";
import { EditorTabs, RulesFields } from "../(_components)/RulesFields.tsx";
import {
  addIssues,
  checkVersionForm,
  readVersionForm,
  type VersionForm,
} from "../(_components)/save.ts";

interface Data {
  tariff: TariffDetail;
  version: VersionForm;
  errors: FieldErrors;
}

const notFound = () => new HttpError(404, "No such tariff", { code: "not_found" });

/** First day of next month (Europe/Rome): the earliest start for a published tariff's version. */
function nextMonth(): string {
  const [y, m] = romeDate().split("-").map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const tariff = await db.asUser(claims!, (tx) => getTariff(tx, c.req.param("id")!));
    if (!tariff) throw notFound();
    const last = tariff.versions.at(-1);
    const asked = c.req.query("editor");
    let rules = last ? rulesToForm(last.rules) : emptyForm();
    if ((EDITORS as readonly string[]).includes(asked ?? "") && asked !== rules.editor) {
      rules = asked === "json" && last ? { ...rules, editor: "json" } : emptyForm(asked as Editor);
    }
    return page({
      tariff,
      version: {
        rules,
        validFrom: tariff.status === "draft" && last ? last.valid_from : nextMonth(),
        rounding: last?.rounding ?? "half_up",
      },
      errors: {},
    });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    const id = c.req.param("id")!;
    const version = readVersionForm(await c.req.parseBody());
    const { rules, errors } = checkVersionForm(state, version);
    if (rules) {
      try {
        const saved = await state.db.asUser(claims, (tx) =>
          addVersion(tx, id, {
            validFrom: version.validFrom,
            rounding: version.rounding,
            rules,
          }, claims.sub));
        if (!saved) throw notFound();
        return c.redirect(`/operatore/tariffe/${id}?versione=1`, 303);
      } catch (e) {
        if (e instanceof TariffInvalid) {
          const dates = e.issues.filter((i) => i.code.startsWith("version"));
          for (const i of dates) errors.valid_from = state.lang === "it" ? i.message : i.messageEn;
          addIssues(state, errors, version.rules, e.issues.filter((i) => !dates.includes(i)));
        } else if (e instanceof TariffConflict) {
          errors.valid_from = state.lang === "it" ? e.message : e.messageEn;
        } else throw e;
      }
    }
    const tariff = await state.db.asUser(claims, (tx) => getTariff(tx, id));
    if (!tariff) throw notFound();
    return page({ tariff, version, errors }, { status: 422 });
  },
});

/** The rules from a date: on a draft the same date replaces them, on a published tariff it adds a version. */
export default define.page<Data>(function NewVersion({ data, state }) {
  const t = data.tariff;
  const base = `/operatore/tariffe/${t.id}`;
  const title = t.status === "draft"
    ? state.tr("Regole della tariffa", "Rules of the tariff")
    : state.tr("Nuova versione della tariffa", "New version of the tariff");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Tariffe", "Tariffs"), "/operatore/tariffe"], [t.title, base], [title]]}
      />
      <h1>{title}</h1>
      <p class="lead">{t.title}</p>
      {t.status !== "draft" && (
        <Alert kind="info">
          {state.tr(
            "La tariffa è pubblicata: le regole in vigore non cambiano. La nuova versione vale dalla data indicata (non prima del mese in corso) e la precedente termina il giorno prima.",
            "The tariff is published: the rules in force do not change. The new version applies from the date given (not before the current month) and the previous one ends the day before.",
          )}
        </Alert>
      )}
      <ErrorSummary state={state} errors={data.errors} />
      <EditorTabs
        state={state}
        current={data.version.rules.editor}
        href={(e) => `${base}/versione?editor=${e}`}
      />
      <form method="post" action={`${base}/versione`} class="mt-3" noValidate>
        <CsrfField state={state} />
        <RulesFields state={state} v={data.version} errors={data.errors} />
        <button type="submit" class="btn btn-primary">
          {state.tr("Salva la versione", "Save the version")}
        </button>
        <a class="btn btn-outline-primary ms-2" href={base}>{state.tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
});
