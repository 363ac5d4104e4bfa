import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import {
  deleteTariff,
  getTariff,
  TariffConflict,
  type TariffDetail,
  updateTariff,
} from "../../../../lib/tariffs/db.ts";
import { describeRules } from "../../../../lib/tariffs/describe.ts";
import { RuleLines } from "../(_components)/RuleLines.tsx";
import { StatusBadge } from "../index.tsx";

interface Data {
  tariff: TariffDetail;
  form: { title: string; description: string };
  errors: FieldErrors;
  notice: string | null;
}

const ROUNDING: Record<string, [string, string]> = {
  half_up: ["al centesimo, per eccesso da mezzo centesimo", "to the cent, halves up"],
  half_even: ["al centesimo, metà al pari", "to the cent, halves to even"],
  down: ["per difetto", "down"],
  up: ["per eccesso", "up"],
};

const notFound = () => new HttpError(404, "No such tariff", { code: "not_found" });

const NOTICES: Record<string, [string, string]> = {
  creata: [
    "Tariffa creata in bozza. Simulala, poi pubblicala.",
    "Tariff created as a draft. Simulate it, then publish it.",
  ],
  salvata: ["Modifiche salvate.", "Changes saved."],
  versione: ["Nuova versione salvata.", "New version saved."],
  pubblicata: [
    "Tariffa pubblicata: le famiglie la vedono e le versioni non si possono più riscrivere.",
    "Tariff published: families see it and its versions can no longer be rewritten.",
  ],
  archiviata: ["Tariffa archiviata.", "Tariff archived."],
};

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const tariff = await db.asUser(claims!, (tx) => getTariff(tx, c.req.param("id")!));
    if (!tariff) throw notFound();
    const notice = Object.keys(NOTICES).find((k) => c.req.query(k) === "1") ?? null;
    return page({
      tariff,
      form: { title: tariff.title, description: tariff.description ?? "" },
      errors: {},
      notice,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const body = await c.req.parseBody();
    const action = String(body.action ?? "");
    const form = {
      title: String(body.title ?? "").trim(),
      description: String(body.description ?? "").trim(),
    };
    const errors: FieldErrors = {};
    if (action === "save" && (form.title.length < 2 || form.title.length > 200)) {
      errors.title = state.tr(
        "Inserisci un titolo da 2 a 200 caratteri.",
        "Enter a title of 2 to 200 characters.",
      );
    }
    try {
      if (!Object.keys(errors).length) {
        const done = await state.db.asUser(state.claims!, async (tx) => {
          if (action === "delete") return await deleteTariff(tx, id);
          if (action === "publish" || action === "archive") {
            const t = await getTariff(tx, id);
            if (t && action === "publish" && t.versions.length === 0) {
              throw new TariffConflict(
                "Aggiungi una versione prima di pubblicare.",
                "Add a version before publishing.",
              );
            }
            return await updateTariff(tx, id, {
              status: action === "publish" ? "published" : "archived",
            });
          }
          return await updateTariff(tx, id, {
            title: form.title,
            description: form.description || null,
          });
        });
        if (!done) throw notFound();
        if (action === "delete") return c.redirect("/operatore/tariffe", 303);
        const key = action === "publish"
          ? "pubblicata"
          : action === "archive"
          ? "archiviata"
          : "salvata";
        return c.redirect(`/operatore/tariffe/${id}?${key}=1`, 303);
      }
    } catch (e) {
      if (!(e instanceof TariffConflict)) throw e;
      errors.status = state.lang === "it" ? e.message : e.messageEn;
    }
    const tariff = await state.db.asUser(state.claims!, (tx) => getTariff(tx, id));
    if (!tariff) throw notFound();
    return page({ tariff, form, errors, notice: null }, { status: 422 });
  },
});

function Versions({ state, t }: { state: State; t: TariffDetail }) {
  if (t.versions.length === 0) {
    return (
      <Alert kind="warning">
        {state.tr("La tariffa non ha ancora versioni.", "The tariff has no versions yet.")}
      </Alert>
    );
  }
  return (
    <>
      {[...t.versions].reverse().map((v) => (
        <section
          class="tariff-version border rounded p-3 mb-3"
          key={v.id}
          aria-labelledby={`v-${v.id}`}
        >
          <h3 class="h5" id={`v-${v.id}`}>
            {v.valid_to
              ? state.tr(
                `Dal ${formatDate(state.lang, v.valid_from, "short")} al ${
                  formatDate(state.lang, v.valid_to, "short")
                }`,
                `From ${formatDate(state.lang, v.valid_from, "short")} to ${
                  formatDate(state.lang, v.valid_to, "short")
                }`,
              )
              : state.tr(
                `Dal ${formatDate(state.lang, v.valid_from, "short")}`,
                `From ${formatDate(state.lang, v.valid_from, "short")}`,
              )}
          </h3>
          <RuleLines lines={describeRules(v.rules, state.lang)} />
          <p class="small text-secondary mb-0">
            {state.tr("Arrotondamento", "Rounding")}:{" "}
            {ROUNDING[v.rounding][state.lang === "it" ? 0 : 1]}
            {v.created_by_name &&
              ` · ${state.tr("inserita da", "added by")} ${v.created_by_name}`}
          </p>
        </section>
      ))}
    </>
  );
}

/** One tariff: its status, its versions in words, and the ways to change, simulate and publish it. */
export default define.page<Data>(function Tariff({ data, state }) {
  const t = data.tariff;
  const base = `/operatore/tariffe/${t.id}`;
  const notice = data.notice ? NOTICES[data.notice] : null;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Tariffe", "Tariffs"), "/operatore/tariffe"], [t.title]]}
      />
      <h1>{t.title}</h1>
      {notice && <Alert kind="success">{state.tr(notice[0], notice[1])}</Alert>}
      <ErrorSummary state={state} errors={data.errors} />
      <dl class="row">
        <dt class="col-sm-3">{state.tr("Codice", "Code")}</dt>
        <dd class="col-sm-9">
          <code>{t.code}</code>
        </dd>
        <dt class="col-sm-3">{state.tr("Servizio", "Service")}</dt>
        <dd class="col-sm-9">{t.service_title}</dd>
        <dt class="col-sm-3" id="status">{state.tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          <StatusBadge state={state} status={t.status} />
        </dd>
      </dl>
      <p class="d-flex flex-wrap gap-2">
        <a class="btn btn-primary" href={`${base}/simula`}>{state.tr("Simula", "Simulate")}</a>
        {t.status !== "archived" && (
          <a class="btn btn-outline-primary" href={`${base}/versione`}>
            {t.status === "draft"
              ? state.tr("Modifica le regole", "Edit the rules")
              : state.tr("Nuova versione", "New version")}
          </a>
        )}
      </p>
      <form method="post" action={base} class="d-flex flex-wrap gap-2 mb-4">
        <CsrfField state={state} />
        {t.status === "draft" && (
          <>
            <button type="submit" name="action" value="publish" class="btn btn-success">
              {state.tr("Pubblica", "Publish")}
            </button>
            <button type="submit" name="action" value="delete" class="btn btn-outline-danger">
              {state.tr("Elimina la bozza", "Delete the draft")}
            </button>
          </>
        )}
        {t.status === "published" && (
          <button type="submit" name="action" value="archive" class="btn btn-outline-secondary">
            {state.tr("Archivia", "Archive")}
          </button>
        )}
      </form>
      <h2 class="h4">{state.tr("Versioni", "Versions")}</h2>
      <p class="small">
        {state.tr(
          "Ogni mese si calcola con la versione in vigore il primo giorno del mese. Una tariffa pubblicata non si riscrive: si aggiunge una versione da una data futura.",
          "Each month is computed with the version in force on its first day. A published tariff is never rewritten: a version from a future date is added.",
        )}
      </p>
      <Versions state={state} t={t} />
      <h2 class="h4 mt-4 mb-5">{state.tr("Titolo e descrizione", "Title and description")}</h2>
      <form method="post" action={base} noValidate>
        <CsrfField state={state} />
        <TextField
          state={state}
          id="title"
          label={state.tr("Titolo", "Title")}
          value={data.form.title}
          errors={data.errors}
          required
          maxLength={200}
        />
        <TextField
          state={state}
          id="description"
          label={state.tr("Descrizione per le famiglie", "Description for families")}
          value={data.form.description}
          errors={data.errors}
          maxLength={2000}
        />
        <button type="submit" name="action" value="save" class="btn btn-outline-primary">
          {state.tr("Salva titolo e descrizione", "Save title and description")}
        </button>
      </form>
    </>
  );
});
