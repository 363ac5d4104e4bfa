import { FamilyBreadcrumb } from "../../components/family/Family.tsx";
import { Alert } from "../../components/Alert.tsx";
import { CsrfField } from "../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../components/FormErrors.tsx";
import { romeDate } from "../../lib/i18n/mod.ts";
import { define, page } from "../../lib/http/define.ts";
import {
  type Attestation,
  auditRead,
  declareIsee,
  listAttestations,
} from "../../lib/inps/attestations.ts";
import {
  KIND_LABELS,
  normalizeDsuProtocol,
  parseEuroInput,
  STATUS_LABELS,
} from "../../lib/inps/codes.ts";
import { formatEuro } from "../../lib/tariffs/money.ts";

interface Member {
  id: string;
  name: string;
}

interface Data {
  members: Member[];
  items: Attestation[];
  values: Record<string, string>;
  errors: FieldErrors;
  sent: boolean;
}

type C = Parameters<NonNullable<Parameters<typeof define.handlers>[0]["GET"]>>[0];

async function load(c: C) {
  const { db, claims } = c.get("state");
  return await db.asUser(claims!, async (tx) => {
    const members = await tx.query<Member>(
      `select id, surname || ' ' || name as name from public.people
        where tenant_id = (select app.tenant_id())
          and id = any ((select app.my_household_person_ids())::uuid[]) and tax_code is not null
        order by birth_date nulls last, sort_key`,
    );
    const items = await listAttestations(tx, { limit: 50 });
    await auditRead(tx, items.map((a) => a.id), { via: "famiglie/isee" });
    return { members, items };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), values: {}, errors: {}, sent: c.req.query("inviata") === "1" });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const form = await c.req.parseBody();
    const v: Record<string, string> = {};
    for (const k of ["persona", "tipo", "valore", "protocollo", "data"]) {
      v[k] = typeof form[k] === "string" ? (form[k] as string).trim() : "";
    }
    const base = await load(c);
    const errors: FieldErrors = {};
    if (!base.members.some((m) => m.id === v.persona)) {
      errors.persona = tr(
        "Scegliere la persona a cui si riferisce l'ISEE.",
        "Choose the person the ISEE refers to.",
      );
    }
    if (v.tipo !== "ordinario" && v.tipo !== "minorenni") {
      errors.tipo = tr("Scegliere il tipo di ISEE.", "Choose the ISEE kind.");
    }
    const cents = parseEuroInput(v.valore);
    if (cents === null) {
      errors.valore = tr(
        "Indicare il valore ISEE in euro, ad esempio 12.804,88.",
        "Enter the ISEE value in euro, e.g. 12,804.88.",
      );
    }
    const protocol = normalizeDsuProtocol(v.protocollo);
    if (!protocol) {
      errors.protocollo = tr(
        "Il protocollo DSU ha la forma INPS-ISEE-AAAA-NNNNNNNNX-NN (ad esempio INPS-ISEE-2026-00123456A-00).",
        "The DSU protocol has the form INPS-ISEE-YYYY-NNNNNNNNX-NN (e.g. INPS-ISEE-2026-00123456A-00).",
      );
    }
    const today = romeDate();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.data) || v.data > today || v.data < "2015-01-01") {
      errors.data = tr(
        "Indicare la data di presentazione della DSU (non futura).",
        "Enter the DSU filing date (not in the future).",
      );
    } else if (protocol && protocol.slice(10, 14) !== v.data.slice(0, 4)) {
      errors.protocollo = tr(
        "L'anno del protocollo DSU non coincide con la data di presentazione.",
        "The DSU protocol's year does not match the filing date.",
      );
    }
    if (Object.keys(errors).length) {
      return page({ ...base, values: v, errors, sent: false }, { status: 422 });
    }
    await state.db.asUser(state.claims!, (tx) =>
      declareIsee(tx, state.claims!.sub, {
        personId: v.persona,
        kind: v.tipo as "ordinario" | "minorenni",
        valueCents: cents!,
        protocol: protocol!,
        presentedOn: v.data,
      }));
    return c.redirect("/famiglie/isee?inviata=1", 303);
  },
});

/** A family declares its ISEE; the office verifies it with INPS. */
export default define.page<Data>(function FamilyIsee({ data, state }) {
  const tr = state.tr;
  const e = data.errors;
  const invalid = (f: string) => e[f] ? true : undefined;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Il mio ISEE", "My ISEE")]]} />
      <h1>{tr("Il mio ISEE", "My ISEE")}</h1>
      {data.sent && (
        <Alert kind="success">
          {tr(
            "Dichiarazione ricevuta: l'ufficio la verificherà con INPS.",
            "Declaration received: the office will verify it with INPS.",
          )}
        </Alert>
      )}
      <p class="lead">
        {tr(
          "Il Comune può ottenere l'ISEE direttamente da INPS. Se preferite, indicate qui i dati dell'attestazione: l'ufficio li verificherà con INPS.",
          "The Comune can obtain the ISEE directly from INPS. If you prefer, enter the attestation's data here: the office will verify it with INPS.",
        )}
      </p>
      <ErrorSummary state={state} errors={e} />
      <form method="post" action="/famiglie/isee" novalidate>
        <CsrfField state={state} />
        <div class="form-group">
          <label for="persona" class="active">{tr("Persona", "Person")}</label>
          <select
            id="persona"
            name="persona"
            class="form-select"
            aria-invalid={invalid("persona")}
            aria-describedby={describedBy("persona", e)}
          >
            <option value="">{tr("Scegliere…", "Choose…")}</option>
            {data.members.map((m) => (
              <option key={m.id} value={m.id} selected={m.id === data.values.persona}>
                {m.name}
              </option>
            ))}
          </select>
          <FieldError field="persona" errors={e} />
        </div>
        <div class="form-group">
          <label for="tipo" class="active">{tr("Tipo di ISEE", "ISEE kind")}</label>
          <select
            id="tipo"
            name="tipo"
            class="form-select"
            aria-invalid={invalid("tipo")}
            aria-describedby={describedBy("tipo", e)}
          >
            <option value="minorenni" selected={data.values.tipo !== "ordinario"}>
              {tr(KIND_LABELS.minorenni.it, KIND_LABELS.minorenni.en)}
            </option>
            <option value="ordinario" selected={data.values.tipo === "ordinario"}>
              {tr(KIND_LABELS.ordinario.it, KIND_LABELS.ordinario.en)}
            </option>
          </select>
          <FieldError field="tipo" errors={e} />
        </div>
        <div class="form-group">
          <label for="valore" class="active">{tr("Valore ISEE (euro)", "ISEE value (euro)")}</label>
          <input
            id="valore"
            name="valore"
            class="form-control"
            inputMode="decimal"
            value={data.values.valore ?? ""}
            aria-invalid={invalid("valore")}
            aria-describedby={describedBy("valore", e)}
          />
          <FieldError field="valore" errors={e} />
        </div>
        <div class="form-group">
          <label for="protocollo" class="active">{tr("Protocollo DSU", "DSU protocol")}</label>
          <input
            id="protocollo"
            name="protocollo"
            class="form-control"
            autoComplete="off"
            placeholder="INPS-ISEE-2026-00123456A-00"
            value={data.values.protocollo ?? ""}
            aria-invalid={invalid("protocollo")}
            aria-describedby={describedBy("protocollo", e, "protocollo-hint")}
          />
          <small id="protocollo-hint" class="form-text">
            {tr(
              "Si trova in alto nell'attestazione ISEE.",
              "It is at the top of the ISEE attestation.",
            )}
          </small>
          <FieldError field="protocollo" errors={e} />
        </div>
        <div class="form-group">
          <label for="data" class="active">
            {tr("Data di presentazione della DSU", "DSU filing date")}
          </label>
          <input
            id="data"
            name="data"
            type="date"
            class="form-control"
            value={data.values.data ?? ""}
            aria-invalid={invalid("data")}
            aria-describedby={describedBy("data", e)}
          />
          <FieldError field="data" errors={e} />
        </div>
        <button type="submit" class="btn btn-primary">
          {tr("Invia la dichiarazione", "Send the declaration")}
        </button>
      </form>
      <h2 class="mt-5">{tr("ISEE del nucleo", "Household ISEE")}</h2>
      {data.items.length === 0
        ? <p>{tr("Nessun ISEE registrato.", "No ISEE on record.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr("ISEE registrati per il nucleo familiare", "ISEE on record for the household")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Persona", "Person")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col" class="text-end">{tr("Valore", "Value")}</th>
                  <th scope="col">{tr("Valido fino al", "Valid until")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.person_name}</th>
                    <td>
                      {tr(KIND_LABELS[a.kind]?.it ?? a.kind, KIND_LABELS[a.kind]?.en ?? a.kind)}
                    </td>
                    <td class="text-end">
                      {a.value_cents === null
                        ? "—"
                        : formatEuro(a.value_cents, state.lang === "en" ? "en" : "it")}
                    </td>
                    <td>{a.valid_until ?? "—"}</td>
                    <td>{tr(STATUS_LABELS[a.status].it, STATUS_LABELS[a.status].en)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
