import { Alert } from "../../../components/Alert.tsx";
import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { statementYear } from "../../../lib/billing/payment_statement.ts";
import { statementFileName, statementPdf } from "../../../lib/billing/payment_statement_pdf.ts";
import { loadStatement, statementYears } from "../../../lib/billing/payment_statement_read.ts";
import { define, page } from "../../../lib/http/define.ts";
import { pdfAttachment } from "../../../lib/http/pdf_attachment.ts";
import { assertSignedIn } from "../../../lib/http/guards.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";

interface Data {
  /** bad_year: `anno` is not a year a statement can exist for; empty: nothing paid that year. */
  problem: "bad_year" | "empty";
  year: number | null;
  /** The years the household has payments in: the statements there are. */
  years: number[];
}

/**
 * The household's yearly statement of payments as a PDF (`?anno=2026`), read under the family's
 * RLS: only the payments of their own payers. A year without payments or a malformed year is a
 * page that says so (404 / 400), never an empty PDF.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    assertSignedIn(state);
    const today = romeDate();
    const year = statementYear(c.req.query("anno"), today);
    const result = await state.db.asUser(state.claims, async (tx) => {
      const data = year === null ? null : await loadStatement(tx, year, { household: true });
      if (data) return { bytes: await statementPdf(data, today), years: [] };
      return { bytes: null, years: await statementYears(tx, { household: true }) };
    });
    if (result.bytes) return pdfAttachment(result.bytes, statementFileName(year!));
    return page<Data>(
      { problem: year === null ? "bad_year" : "empty", year, years: result.years },
      { status: year === null ? 400 : 404 },
    );
  },
});

export default define.page<Data>(function NoStatement({ data, state }) {
  const tr = state.tr;
  const { problem, year, years } = data;
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[
          [tr("Pagamenti", "Payments"), "/famiglie/pagamenti"],
          [tr("Attestazione dei pagamenti", "Statement of payments")],
        ]}
      />
      <h1>{tr("Attestazione dei pagamenti", "Statement of payments")}</h1>
      <Alert kind="info">
        {problem === "bad_year"
          ? tr(
            "L'anno richiesto non è valido: indica un anno di quattro cifre, dal 2000 all'anno in corso.",
            "The year asked for is not valid: give a four-digit year, from 2000 to the current one.",
          )
          : tr(
            `Nel ${year} il Comune non ha ricevuto pagamenti intestati al tuo nucleo familiare: non c'è un'attestazione da scaricare.`,
            `In ${year} the Comune received no payments from your household: there is no statement to download.`,
          )}
      </Alert>
      {years.length > 0
        ? (
          <>
            <p>
              {tr("Puoi scaricare l'attestazione di questi anni:", "Statements you can download:")}
            </p>
            <ul>
              {years.map((y) => (
                <li key={y}>
                  <a href={`/famiglie/pagamenti/attestazione?anno=${y}`}>
                    {tr(
                      `Attestazione dei pagamenti ${y} (PDF)`,
                      `Statement of payments ${y} (PDF)`,
                    )}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )
        : (
          <p>
            {tr(
              "Non risultano ancora pagamenti registrati.",
              "No payments are recorded yet.",
            )}
          </p>
        )}
      <p>
        <a href="/famiglie/pagamenti">{tr("Torna ai pagamenti", "Back to payments")}</a>
      </p>
    </>
  );
});
