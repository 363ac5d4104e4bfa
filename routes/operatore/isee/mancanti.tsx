import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { missingIsee, type MissingRow } from "../../../lib/inps/attestations.ts";

interface Data {
  rows: MissingRow[];
}

const REASONS: Record<MissingRow["reason"], [string, string]> = {
  missing: ["Nessun ISEE", "No ISEE"],
  expired: ["ISEE scaduto", "ISEE expired"],
  to_verify: ["Dichiarato, da verificare", "Declared, to verify"],
  not_found: ["Non trovato in INPS", "Not found at INPS"],
  mismatch: ["Difforme da INPS", "Differs from INPS"],
};

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page({ rows: await db.asUser(claims!, (tx) => missingIsee(tx)) });
  },
});

/** Applicants and children of this year's applications without a valid ISEE in force today. */
export default define.page<Data>(function Missing({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[["ISEE", "/operatore/isee"], [tr("Senza ISEE valido", "Without a valid ISEE")]]}
      />
      <h1>{tr("Richiedenti senza ISEE valido", "Applicants without a valid ISEE")}</h1>
      <p class="lead">
        {tr(
          "Richiedenti e bambini delle domande inviate per gli anni scolastici in corso o futuri che oggi non hanno un ISEE valido.",
          "Applicants and children of submitted applications for current or future school years who have no valid ISEE today.",
        )}
      </p>
      {data.rows.length === 0
        ? <p>{tr("Tutti hanno un ISEE valido.", "Everyone has a valid ISEE.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(
                  `Persone senza ISEE valido: ${data.rows.length}`,
                  `People without a valid ISEE: ${data.rows.length}`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Persona", "Person")}</th>
                  <th scope="col">{tr("Ruolo", "Role")}</th>
                  <th scope="col">{tr("Domanda", "Application")}</th>
                  <th scope="col">{tr("Anno", "Year")}</th>
                  <th scope="col">{tr("Situazione", "Situation")}</th>
                  <th scope="col">{tr("Azioni", "Actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.person_id}-${r.protocol_number}`}>
                    <th scope="row">
                      {r.person_name}
                      <br />
                      <small>{r.tax_code ?? "—"}</small>
                    </th>
                    <td>
                      {r.role === "child"
                        ? tr("Bambino/a", "Child")
                        : tr("Richiedente", "Applicant")}
                    </td>
                    <td>{r.protocol_number ?? "—"}</td>
                    <td>{r.school_year}</td>
                    <td>
                      {tr(...REASONS[r.reason])}
                      {r.last_valid_until && (
                        <>
                          <br />
                          <small>{tr("scaduto il", "expired on")} {r.last_valid_until}</small>
                        </>
                      )}
                    </td>
                    <td>
                      <a
                        href={`/operatore/isee?q=${
                          encodeURIComponent(r.tax_code ?? r.person_name)
                        }`}
                      >
                        {tr("Recupera da INPS", "Retrieve from INPS")}
                      </a>
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
