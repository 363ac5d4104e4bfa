/**
 * The .xlsx template of the applications import, built from the Ente's configuration: the first
 * sheet has the columns (fixed ones, then one per question of the services' forms, by field
 * name); the others explain each column and list the codes to use (services, school years,
 * diets, stops, form questions and their options).
 *
 * @module
 */
// @ts-types="../registry/exceljs.d.ts"
import ExcelJS from "exceljs";
import type { Tx } from "../db/types.ts";
import { parseDefinition } from "../forms/definition.ts";
import { IMPORT_COLUMNS } from "./import_parse.ts";

const HELP: Record<string, string> = {
  applicant_tax_code: "Codice fiscale di chi presenta la domanda e paga",
  applicant_email: "Per le comunicazioni sull'esito",
  child_birth_date: "GG/MM/AAAA o data di Excel",
  child_sex: "M o F",
  service_code: "Vedi il foglio «Codici»",
  school_year: "Es. 2026/27",
  kind: "nuova o riconferma",
  privacy: "Data in cui la famiglia ha firmato l'informativa",
  site: "Nome del plesso, facoltativo",
  class: "Nome della classe nell'anno scolastico, facoltativo",
  diet: "Codice della dieta della mensa, facoltativo",
  stop: "Nome della fermata del trasporto, facoltativo",
};

/** The template workbook's bytes. */
export async function importTemplate(tx: Tx): Promise<Uint8Array> {
  const services = await tx.query<
    { id: string; code: string; title: string; form_definition: unknown }
  >(
    "select id, code, title, form_definition from public.services where tenant_id = app.tenant_id() order by code",
  );
  const years = await tx.query<{ label: string }>(
    "select label from public.school_years where tenant_id = app.tenant_id() order by starts_on",
  );
  const diets = await tx.query<{ service: string; code: string; name: string }>(
    `select s.code as service, d.code, d.name from public.canteen_diets d
       join public.services s on s.tenant_id = d.tenant_id and s.id = d.service_id
      where d.tenant_id = app.tenant_id() and d.active order by 1, 2`,
  );
  const stops = await tx.query<{ service: string; route: string; name: string }>(
    `select s.code as service, r.name as route, st.name from public.transport_stops st
       join public.transport_routes r on r.tenant_id = st.tenant_id and r.id = st.route_id
       join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id
      where st.tenant_id = app.tenant_id() and r.active order by 1, 2, st.position`,
  );
  const fieldNames: string[] = [];
  const questions: string[][] = [];
  for (const s of services) {
    for (const f of parseDefinition(s.form_definition).fields) {
      if (f.type === "file") continue;
      if (!fieldNames.includes(f.name)) fieldNames.push(f.name);
      const options = "options" in f
        ? f.options.map((o) => `${o.value} (${o.label})`).join("; ")
        : f.type === "checkbox"
        ? "sì / no"
        : "";
      questions.push([s.code, f.name, f.label, f.required ? "sì" : "no", options]);
    }
  }
  const wb = new ExcelJS.Workbook();
  const rows = wb.addWorksheet("Domande");
  rows.addRow([...IMPORT_COLUMNS.map(([, label]) => label), ...fieldNames]);
  const help = wb.addWorksheet("Istruzioni");
  help.addRow(["Colonna", "Obbligatoria", "Note"]);
  for (const [key, label, required] of IMPORT_COLUMNS) {
    help.addRow([label, required ? "sì" : "no", HELP[key] ?? ""]);
  }
  help.addRow([]);
  help.addRow([
    "Una riga per ogni bambino e servizio. Le righe con lo stesso richiedente, anno scolastico e tipo diventano una sola domanda.",
  ]);
  help.addRow([
    "Le colonne dopo «Fermata» sono le domande dei moduli dei servizi (vedi il foglio «Codici»): compila solo quelle del servizio della riga.",
  ]);
  help.addRow([
    "Se anche una sola riga contiene errori non viene importato nulla: il resoconto elenca ogni riga con il motivo.",
  ]);
  const codes = wb.addWorksheet("Codici");
  codes.addRow(["Servizi"]);
  codes.addRow(["Codice servizio", "Servizio"]);
  for (const s of services) codes.addRow([s.code, s.title]);
  codes.addRow([]);
  codes.addRow(["Anni scolastici"]);
  for (const y of years) codes.addRow([y.label]);
  codes.addRow([]);
  codes.addRow(["Diete", "Codice dieta", "Dieta"]);
  for (const d of diets) codes.addRow([d.service, d.code, d.name]);
  codes.addRow([]);
  codes.addRow(["Fermate", "Linea", "Fermata"]);
  for (const s of stops) codes.addRow([s.service, s.route, s.name]);
  codes.addRow([]);
  codes.addRow(["Domande dei moduli", "Colonna", "Domanda", "Obbligatoria", "Valori ammessi"]);
  for (const q of questions) codes.addRow(q);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
