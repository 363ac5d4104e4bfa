import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import {
  type Attestation,
  auditRead,
  IseeError,
  listAttestations,
  retrieveIsee,
  verifyDeclared,
} from "../../../lib/inps/attestations.ts";
import { KIND_LABELS, SOURCE_LABELS, STATUS_LABELS } from "../../../lib/inps/codes.ts";
import { InpsError } from "../../../lib/inps/errors.ts";
import { inpsGateway } from "../../../lib/inps/gateway.ts";
import { OMISSION_LABELS } from "../../../lib/inps/soap.ts";
import { listPeople } from "../../../lib/registry/search.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";

interface Found {
  id: string;
  name: string;
  tax_code: string | null;
  birth_date: string | null;
}

interface Data {
  simulated: boolean;
  q: string;
  people: Found[];
  filter: { status: string; source: string; text: string };
  items: Attestation[];
  outcome: { kind: "success" | "warning" | "danger"; it: string; en: string } | null;
  shown: Attestation | null;
}

const str = (v: unknown) => typeof v === "string" ? v.trim() : "";
const STATUSES = Object.keys(STATUS_LABELS);
const SOURCES = Object.keys(SOURCE_LABELS);

async function load(c: Parameters<Parameters<typeof define.handlers>[0]["GET"] & object>[0]) {
  const { db, claims, config } = c.get("state");
  const q = str(c.req.query("q"));
  const status = STATUSES.includes(str(c.req.query("stato"))) ? str(c.req.query("stato")) : "";
  const source = SOURCES.includes(str(c.req.query("fonte"))) ? str(c.req.query("fonte")) : "";
  const text = str(c.req.query("testo")).slice(0, 100);
  const simulated = (await inpsGateway(config)).simulated;
  return await db.asUser(claims!, async (tx) => {
    const people = q.length >= 2
      ? (await listPeople(tx, { q }, { limit: 20, count: false })).items.map((p) => ({
        id: p.id,
        name: `${p.surname} ${p.name}`,
        tax_code: p.tax_code,
        birth_date: p.birth_date,
      }))
      : [];
    const items = await listAttestations(tx, { status, source, q: text, limit: 100 });
    await auditRead(tx, items.map((a) => a.id), { via: "operatore/isee" });
    return { simulated, q, people, filter: { status, source, text }, items };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), outcome: null, shown: null });
  },
  async POST(c) {
    const { db, claims, config } = c.get("state");
    const form = await c.req.parseBody();
    const gateway = await inpsGateway(config);
    let outcome: Data["outcome"];
    let shown: Attestation | null = null;
    let status = 200;
    try {
      if (form.azione === "verifica") {
        const v = await verifyDeclared(db, claims!, gateway, str(form.id));
        shown = v.declared;
        const diff = v.difference_cents;
        outcome = v.declared.status === "valid"
          ? {
            kind: "success",
            it: "Dichiarazione confermata da INPS.",
            en: "Declaration confirmed by INPS.",
          }
          : v.declared.status === "mismatch"
          ? {
            kind: "warning",
            it: `Dichiarazione difforme da INPS: differenza ${formatEuro(diff ?? 0, "it")}${
              v.declared.verification?.protocol_matches === false ? ", protocollo DSU diverso" : ""
            }. Il valore INPS è stato registrato come valido.`,
            en: `Declaration differs from INPS: difference ${formatEuro(diff ?? 0, "en")}${
              v.declared.verification?.protocol_matches === false ? ", different DSU protocol" : ""
            }. INPS's value was stored as valid.`,
          }
          : {
            kind: "warning",
            it:
              "INPS non ha un'attestazione ISEE per questa persona: la dichiarazione non è confermata.",
            en: "INPS has no ISEE attestation for this person: the declaration is not confirmed.",
          };
      } else {
        const kind = form.tipo === "ordinario" || form.tipo === "minorenni" ? form.tipo : null;
        const r = await retrieveIsee(db, claims!, gateway, {
          personId: str(form.persona),
          kind,
          serviceKind: str(form.servizio) || null,
        });
        shown = r.attestation;
        outcome = r.attestation.status === "valid"
          ? {
            kind: "success",
            it: "ISEE recuperato da INPS e registrato.",
            en: "ISEE retrieved from INPS and stored.",
          }
          : {
            kind: "warning",
            it:
              "INPS non ha un'attestazione ISEE valida per questo codice fiscale: registrato come «non trovata».",
            en: "INPS has no valid ISEE for this codice fiscale: stored as “not found”.",
          };
      }
    } catch (e) {
      if (!(e instanceof InpsError) && !(e instanceof IseeError)) throw e;
      outcome = { kind: "danger", it: e.it, en: e.en };
      status = e instanceof IseeError ? e.status : 502;
    }
    return page({ ...await load(c), outcome, shown }, { status });
  },
});

function money(state: State, cents: number | null) {
  return cents === null ? "—" : formatEuro(cents, state.lang === "en" ? "en" : "it");
}

function label(state: State, m: Record<string, { it: string; en: string }>, k: string) {
  return m[k] ? state.tr(m[k].it, m[k].en) : k;
}

function Shown({ state, a }: { state: State; a: Attestation }) {
  const tr = state.tr;
  return (
    <dl class="row">
      <dt class="col-sm-4">{tr("Persona", "Person")}</dt>
      <dd class="col-sm-8">{a.person_name} ({a.tax_code})</dd>
      <dt class="col-sm-4">{tr("Tipo", "Kind")}</dt>
      <dd class="col-sm-8">{label(state, KIND_LABELS, a.kind)}</dd>
      <dt class="col-sm-4">{tr("Valore ISEE", "ISEE value")}</dt>
      <dd class="col-sm-8">{money(state, a.value_cents)}</dd>
      <dt class="col-sm-4">{tr("Protocollo DSU", "DSU protocol")}</dt>
      <dd class="col-sm-8">{a.protocol ?? "—"}</dd>
      <dt class="col-sm-4">{tr("Valida fino al", "Valid until")}</dt>
      <dd class="col-sm-8">{a.valid_until ?? "—"}</dd>
      <dt class="col-sm-4">{tr("Omissioni/difformità", "Omissions/differences")}</dt>
      <dd class="col-sm-8">
        {a.omissions.length === 0 ? tr("Nessuna", "None") : (
          <ul class="mb-0">
            {a.omissions.map((o, i) => (
              <li key={i}>
                {state.lang === "en" && OMISSION_LABELS[o.type]
                  ? OMISSION_LABELS[o.type].en
                  : o.detail}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

/** ISEE: retrieval from INPS by person, the attestations with filters, verification of declarations. */
export default define.page<Data>(function Isee({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb state={state} items={[["ISEE"]]} />
      <h1>ISEE</h1>
      {data.simulated && (
        <Alert kind="info">
          <strong>
            {tr("Ambiente di prova: simulatore INPS", "Test environment: INPS simulator")}
          </strong>
          {" — "}
          {tr(
            "PDND e INPS non sono configurati: le risposte vengono da un simulatore con dati di prova.",
            "PDND and INPS are not configured: answers come from a simulator with test data.",
          )}
        </Alert>
      )}
      {data.outcome && (
        <Alert kind={data.outcome.kind}>{tr(data.outcome.it, data.outcome.en)}</Alert>
      )}
      {data.shown && <Shown state={state} a={data.shown} />}
      <p>
        <a href="/operatore/isee/mancanti">
          {tr("Richiedenti senza ISEE valido", "Applicants without a valid ISEE")}
        </a>
      </p>

      <h2>{tr("Recupera l'ISEE da INPS", "Retrieve ISEE from INPS")}</h2>
      <form method="get" action="/operatore/isee" class="mb-3" role="search">
        <div class="form-group">
          <label for="q">
            {tr(
              "Cerca la persona (cognome, nome o codice fiscale)",
              "Find the person (surname, name or codice fiscale)",
            )}
          </label>
          <input type="search" class="form-control" id="q" name="q" value={data.q} minLength={2} />
        </div>
        <button type="submit" class="btn btn-outline-primary">{tr("Cerca", "Search")}</button>
      </form>
      {data.q && data.people.length === 0 && (
        <p>{tr("Nessuna persona trovata.", "No person found.")}</p>
      )}
      {data.people.length > 0 && (
        <div class="table-responsive">
          <table class="table">
            <caption>{tr("Persone trovate", "People found")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("Persona", "Person")}</th>
                <th scope="col">{tr("Codice fiscale", "Codice fiscale")}</th>
                <th scope="col">{tr("Richiesta a INPS", "Request to INPS")}</th>
              </tr>
            </thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.tax_code ?? "—"}</td>
                  <td>
                    <form
                      method="post"
                      action={`/operatore/isee?q=${encodeURIComponent(data.q)}`}
                      class="d-flex flex-wrap gap-2"
                    >
                      <CsrfField state={state} />
                      <input type="hidden" name="persona" value={p.id} />
                      <label class="visually-hidden" for={`tipo-${p.id}`}>
                        {tr("Tipo di ISEE", "ISEE kind")}
                      </label>
                      <select id={`tipo-${p.id}`} name="tipo" class="form-select w-auto">
                        <option value="">
                          {tr(
                            "Automatico (minorenni sotto i 18 anni)",
                            "Automatic (minors under 18)",
                          )}
                        </option>
                        <option value="ordinario">{tr("Ordinario", "Standard")}</option>
                        <option value="minorenni">{tr("Minorenni", "Minors")}</option>
                      </select>
                      <label class="visually-hidden" for={`servizio-${p.id}`}>
                        {tr("Prestazione", "Benefit")}
                      </label>
                      <select id={`servizio-${p.id}`} name="servizio" class="form-select w-auto">
                        <option value="canteen">
                          {tr("Mensa scolastica (A2.12)", "School canteen (A2.12)")}
                        </option>
                        <option value="nursery">
                          {tr("Asilo nido (A3.03)", "Nursery (A3.03)")}
                        </option>
                        <option value="transport">
                          {tr("Trasporto (A1.16)", "Transport (A1.16)")}
                        </option>
                        <option value="pre_school">
                          {tr("Pre/post scuola (A2.11)", "Before/after school (A2.11)")}
                        </option>
                        <option value="custom">{tr("Altro (Z9.99)", "Other (Z9.99)")}</option>
                      </select>
                      <button type="submit" class="btn btn-primary btn-sm" disabled={!p.tax_code}>
                        {tr("Recupera da INPS", "Retrieve from INPS")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{tr("Attestazioni ISEE", "ISEE attestations")}</h2>
      <form method="get" action="/operatore/isee" class="row g-2 align-items-end mb-3">
        <div class="col-md-4">
          <label for="testo" class="form-label">
            {tr("Persona o codice fiscale", "Person or codice fiscale")}
          </label>
          <input id="testo" name="testo" class="form-control" value={data.filter.text} />
        </div>
        <div class="col-md-3">
          <label for="stato" class="form-label">{tr("Stato", "Status")}</label>
          <select id="stato" name="stato" class="form-select">
            <option value="">{tr("Tutti", "All")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={s === data.filter.status}>
                {label(state, STATUS_LABELS, s)}
              </option>
            ))}
          </select>
        </div>
        <div class="col-md-3">
          <label for="fonte" class="form-label">{tr("Fonte", "Source")}</label>
          <select id="fonte" name="fonte" class="form-select">
            <option value="">{tr("Tutte", "All")}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s} selected={s === data.filter.source}>
                {label(state, SOURCE_LABELS, s)}
              </option>
            ))}
          </select>
        </div>
        <div class="col-md-2">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {data.items.length === 0
        ? <p>{tr("Nessuna attestazione.", "No attestations.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr("Attestazioni ISEE, dalla più recente", "ISEE attestations, newest first")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Persona", "Person")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col" class="text-end">{tr("Valore", "Value")}</th>
                  <th scope="col">{tr("Protocollo DSU", "DSU protocol")}</th>
                  <th scope="col">{tr("Valida fino al", "Valid until")}</th>
                  <th scope="col">{tr("Fonte", "Source")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                  <th scope="col">{tr("Azioni", "Actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.person_name}
                      <br />
                      <small>{a.tax_code}</small>
                    </th>
                    <td>{label(state, KIND_LABELS, a.kind)}</td>
                    <td class="text-end">{money(state, a.value_cents)}</td>
                    <td>{a.protocol ?? "—"}</td>
                    <td>{a.valid_until ?? "—"}</td>
                    <td>{label(state, SOURCE_LABELS, a.source)}</td>
                    <td>
                      {label(state, STATUS_LABELS, a.status)}
                      {a.omissions.length > 0 && (
                        <>
                          <br />
                          <small>
                            {tr("Con omissioni/difformità", "With omissions/differences")}
                          </small>
                        </>
                      )}
                      {typeof a.verification?.difference_cents === "number" &&
                        a.verification.difference_cents !== 0 && (
                        <>
                          <br />
                          <small>
                            {tr("Differenza", "Difference")}:{" "}
                            {money(state, Math.abs(a.verification.difference_cents as number))}
                          </small>
                        </>
                      )}
                    </td>
                    <td>
                      {a.status === "to_verify" && (
                        <form method="post" action="/operatore/isee">
                          <CsrfField state={state} />
                          <input type="hidden" name="azione" value="verifica" />
                          <input type="hidden" name="id" value={a.id} />
                          <button type="submit" class="btn btn-primary btn-sm">
                            {tr("Verifica con INPS", "Verify with INPS")}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});
