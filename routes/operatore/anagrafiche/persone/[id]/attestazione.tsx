import { Alert } from "../../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { statementYear } from "../../../../../lib/billing/payment_statement.ts";
import {
  statementFileName,
  statementPdf,
} from "../../../../../lib/billing/payment_statement_pdf.ts";
import {
  exportStatement,
  statementYears,
} from "../../../../../lib/billing/payment_statement_read.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { pdfAttachment } from "../../../../../lib/http/pdf_attachment.ts";
import { assertSignedIn } from "../../../../../lib/http/guards.ts";
import { romeDate } from "../../../../../lib/i18n/mod.ts";
import { getPerson, personLabel } from "../../../../../lib/registry/people.ts";

interface Data {
  person: { id: string; label: string };
  problem: "bad_year" | "empty";
  year: number | null;
  years: number[];
}

const BASE = "/operatore/anagrafiche";

/**
 * A payer's yearly statement of payments as a PDF (`?anno=2026`), for the office on the payer's
 * behalf (the operators' area: admins and operators). It is an export of personal data, so each
 * download is written to the audit log (`export`, `payment_statement`, the payer's id), in the
 * same transaction that reads it.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    assertSignedIn(state);
    const id = c.req.param("id") ?? "";
    const today = romeDate();
    const year = statementYear(c.req.query("anno"), today);
    const result = await state.db.asUser(state.claims, async (tx) => {
      const person = await getPerson(tx, id);
      if (!person) return null;
      const data = year === null ? null : await exportStatement(tx, year, person.id);
      if (data) return { person, bytes: await statementPdf(data, today), years: [] };
      return { person, bytes: null, years: await statementYears(tx, { payerId: person.id }) };
    });
    if (!result) throw new HttpError(404, "No such person in this Ente", { code: "not_found" });
    if (result.bytes) return pdfAttachment(result.bytes, statementFileName(year!));
    return page<Data>({
      person: { id: result.person.id, label: personLabel(result.person) },
      problem: year === null ? "bad_year" : "empty",
      year,
      years: result.years,
    }, { status: year === null ? 400 : 404 });
  },
});

export default define.page<Data>(function NoStatement({ data, state }) {
  const tr = state.tr;
  const { person, problem, year, years } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), BASE],
          [person.label, `${BASE}/persone/${person.id}`],
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
            `Nel ${year} non risultano pagamenti ricevuti intestati a ${person.label}: non c'è un'attestazione da rilasciare.`,
            `In ${year} no payments were received from ${person.label}: there is no statement to issue.`,
          )}
      </Alert>
      {years.length > 0 && (
        <ul>
          {years.map((y) => (
            <li key={y}>
              <a href={`${BASE}/persone/${person.id}/attestazione?anno=${y}`}>
                {tr(`Attestazione dei pagamenti ${y} (PDF)`, `Statement of payments ${y} (PDF)`)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${BASE}/persone/${person.id}`}>
          {tr("Torna alla scheda della persona", "Back to the person's record")}
        </a>
      </p>
    </>
  );
});
