/**
 * Import of applications from a spreadsheet, all or nothing: every row is checked (data, codes,
 * the service's form, the same checks as an online application, duplicates in the file and in the
 * database) and, if any row is refused, nothing is stored and the report lists each refused row
 * with its line and reasons. Otherwise rows of the same applicant and school year become one
 * application, filed with channel `import` and submitted (protocol number, receipt time) by the
 * office, also outside the enrollment window.
 *
 * @module
 */
import type { z } from "zod";
import type { Tx } from "../db/types.ts";
import { type Field, parseDefinition } from "../forms/definition.ts";
import { checkApplication, createApplication, submitApplication } from "./applications.ts";
import { EnrollmentError } from "./errors.ts";
import {
  answerValue,
  fold,
  groupKey,
  IMPORT_COLUMNS,
  type ImportColumn,
  parseDay,
  parseKind,
  type SheetRow,
} from "./import_parse.ts";
import { ApplicantInput, type ApplicationInput, ChildInput, type ItemInput } from "./schemas.ts";

export interface RejectedRow {
  line: number;
  reasons: { it: string; en: string }[];
}

export interface ImportedApplication {
  protocol_number: string;
  applicant: string;
  lines: number[];
}

export interface ImportReport {
  rows: number;
  rejected: RejectedRow[];
  imported: ImportedApplication[];
}

interface Refs {
  services: Map<string, { id: string; title: string; kind: string; fields: Field[] }>;
  years: Map<string, string>;
  sites: Map<string, string>;
  classes: { id: string; name: string; site_id: string; school_year_id: string }[];
  diets: Map<string, string>;
  stops: { id: string; route_id: string; name: string; service_id: string }[];
}

async function loadRefs(tx: Tx): Promise<Refs> {
  const services = await tx.query<
    { id: string; code: string; title: string; kind: string; form_definition: unknown }
  >("select id, code, title, kind, form_definition from public.services where tenant_id = app.tenant_id()");
  const years = await tx.query<{ id: string; label: string }>(
    "select id, label from public.school_years where tenant_id = app.tenant_id()",
  );
  const sites = await tx.query<{ id: string; name: string }>(
    "select id, name from public.sites where tenant_id = app.tenant_id()",
  );
  const diets = await tx.query<{ id: string; service_id: string; code: string }>(
    "select id, service_id, code from public.canteen_diets where tenant_id = app.tenant_id() and active",
  );
  return {
    services: new Map(services.map((s) => [s.code.toUpperCase(), {
      id: s.id,
      title: s.title,
      kind: s.kind,
      fields: parseDefinition(s.form_definition).fields,
    }])),
    years: new Map(years.map((y) => [y.label, y.id])),
    sites: new Map(sites.map((s) => [fold(s.name), s.id])),
    classes: await tx.query(
      "select id, name, site_id, school_year_id from public.classes where tenant_id = app.tenant_id()",
    ),
    diets: new Map(diets.map((d) => [`${d.service_id}|${d.code.toUpperCase()}`, d.id])),
    stops: await tx.query(
      `select st.id, st.route_id, st.name, r.service_id from public.transport_stops st
         join public.transport_routes r on r.tenant_id = st.tenant_id and r.id = st.route_id
        where st.tenant_id = app.tenant_id() and r.active`,
    ),
  };
}

const LABEL = Object.fromEntries(IMPORT_COLUMNS.map(([k, l]) => [k, l])) as Record<
  ImportColumn,
  string
>;
const APPLICANT_COLUMNS: Record<string, ImportColumn> = {
  surname: "applicant_surname",
  name: "applicant_name",
  tax_code: "applicant_tax_code",
  email: "applicant_email",
  mobile: "applicant_mobile",
  address: "applicant_address",
};
const CHILD_COLUMNS: Record<string, ImportColumn> = {
  surname: "child_surname",
  name: "child_name",
  tax_code: "child_tax_code",
  birth_date: "child_birth_date",
  sex: "child_sex",
};

function zodReasons(error: z.ZodError, columns: Record<string, ImportColumn>) {
  return error.issues.map((i) => {
    const col = LABEL[columns[String(i.path[0])]] ?? String(i.path[0]);
    const cf = i.message.startsWith("Codice fiscale non valido");
    return {
      it: cf ? `«${col}»: ${i.message}` : `«${col}»: valore mancante o non valido.`,
      en: cf ? `“${col}”: invalid codice fiscale.` : `“${col}”: missing or invalid value.`,
    };
  });
}

interface Parsed {
  row: SheetRow;
  applicant: ApplicantInput;
  yearId: string;
  kind: "new" | "renewal";
  privacy: string;
  item: ItemInput;
}

/** One row to its parts, or its reasons for refusal. */
function parseRow(
  row: SheetRow,
  refs: Refs,
): Parsed | { line: number; reasons: RejectedRow["reasons"] } {
  const v = row.values;
  const reasons: RejectedRow["reasons"] = [];
  const applicant = ApplicantInput.safeParse({
    surname: v.applicant_surname,
    name: v.applicant_name,
    tax_code: v.applicant_tax_code ?? "",
    email: v.applicant_email,
    mobile: v.applicant_mobile,
    address: v.applicant_address,
  });
  if (!applicant.success) reasons.push(...zodReasons(applicant.error, APPLICANT_COLUMNS));
  const birth = parseDay(v.child_birth_date);
  const child = ChildInput.safeParse({
    surname: v.child_surname,
    name: v.child_name,
    tax_code: v.child_tax_code ?? "",
    birth_date: birth ?? v.child_birth_date,
    sex: v.child_sex?.toUpperCase(),
  });
  if (!child.success) reasons.push(...zodReasons(child.error, CHILD_COLUMNS));
  const svc = refs.services.get((v.service_code ?? "").toUpperCase());
  if (!svc) {
    reasons.push({
      it: `«Codice servizio»: il servizio «${v.service_code ?? ""}» non esiste.`,
      en: `“Codice servizio”: no service “${v.service_code ?? ""}”.`,
    });
  }
  const yearId = refs.years.get((v.school_year ?? "").replace(/\s/g, ""));
  if (!yearId) {
    reasons.push({
      it: `«Anno scolastico»: l'anno «${v.school_year ?? ""}» non esiste (es. 2026/27).`,
      en: `“Anno scolastico”: no school year “${v.school_year ?? ""}” (e.g. 2026/27).`,
    });
  }
  const kind = parseKind(v.kind);
  if (!kind) {
    reasons.push({
      it: "«Tipo domanda»: scrivi «nuova» o «riconferma».",
      en: "“Tipo domanda”: write “nuova” or “riconferma”.",
    });
  }
  const privacyDay = parseDay(v.privacy);
  if (!privacyDay) {
    reasons.push({
      it: "«Informativa privacy accettata il»: indica la data in cui la famiglia l'ha firmata.",
      en: "“Informativa privacy accettata il”: give the day the family signed it.",
    });
  }
  const item: Partial<ItemInput> = { answers: {} };
  if (v.site) {
    item.site_id = refs.sites.get(fold(v.site));
    if (!item.site_id) {
      reasons.push({
        it: `«Plesso»: «${v.site}» non esiste.`,
        en: `“Plesso”: no site “${v.site}”.`,
      });
    }
  }
  if (v.class) {
    const found = refs.classes.filter((c) =>
      fold(c.name) === fold(v.class!) && c.school_year_id === yearId &&
      (!item.site_id || c.site_id === item.site_id)
    );
    if (found.length === 1) {
      item.class_id = found[0].id;
      item.site_id ??= found[0].site_id;
    } else {
      reasons.push({
        it: found.length
          ? `«Classe»: «${v.class}» esiste in più plessi: indica anche il plesso.`
          : `«Classe»: «${v.class}» non esiste nell'anno scolastico indicato.`,
        en: found.length
          ? `“Classe”: “${v.class}” exists in several sites: give the site too.`
          : `“Classe”: no class “${v.class}” in that school year.`,
      });
    }
  }
  if (v.diet && svc) {
    item.diet_id = refs.diets.get(`${svc.id}|${v.diet.toUpperCase()}`);
    if (!item.diet_id) {
      reasons.push({
        it: `«Codice dieta»: il servizio «${svc.title}» non ha la dieta «${v.diet}».`,
        en: `“Codice dieta”: “${svc.title}” has no diet “${v.diet}”.`,
      });
    }
  }
  if (v.stop && svc) {
    const stops = refs.stops.filter((s) =>
      s.service_id === svc.id && fold(s.name) === fold(v.stop!)
    );
    if (stops.length === 1) [item.stop_id, item.route_id] = [stops[0].id, stops[0].route_id];
    else {
      reasons.push({
        it: `«Fermata»: «${v.stop}» non è una fermata ${
          stops.length ? "univoca " : ""
        }del servizio «${svc.title}».`,
        en: `“Fermata”: “${v.stop}” is not ${
          stops.length ? "a unique" : "a"
        } stop of “${svc.title}”.`,
      });
    }
  }
  if (svc) {
    for (const [name, raw] of Object.entries(row.answers)) {
      const field = svc.fields.find((f) => f.name === name);
      if (!field || field.type === "file") {
        reasons.push({
          it: `Colonna «${name}»: non è un campo del modulo del servizio «${svc.title}».`,
          en: `Column “${name}”: not a field of the form of “${svc.title}”.`,
        });
        continue;
      }
      let value = answerValue(field.type, raw);
      if (field.type === "select" || field.type === "radio") {
        value = field.options.find((o) => o.value === raw || fold(o.label) === fold(raw))?.value ??
          raw;
      }
      if (value === undefined) {
        reasons.push({
          it: `Colonna «${name}»: scrivi «sì» o «no».`,
          en: `Column “${name}”: write “sì” or “no”.`,
        });
      } else item.answers![name] = value;
    }
  }
  if (reasons.length || !applicant.success || !child.success || !svc || !yearId || !kind) {
    return { line: row.line, reasons };
  }
  return {
    row,
    applicant: applicant.data,
    yearId,
    kind,
    privacy: `${privacyDay}T12:00:00Z`,
    item: { ...item, service_id: svc.id, child: child.data } as ItemInput,
  };
}

/** Validates every row, then (only if all are valid) stores and submits the applications. */
export async function importApplications(
  tx: Tx,
  rows: SheetRow[],
  userId: string,
): Promise<ImportReport> {
  const refs = await loadRefs(tx);
  const rejected = new Map<number, RejectedRow["reasons"]>();
  const refuse = (line: number, r: RejectedRow["reasons"]) =>
    rejected.set(line, [...(rejected.get(line) ?? []), ...r]);
  const groups = new Map<string, Parsed[]>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const p = parseRow(row, refs);
    if (!("item" in p)) {
      refuse(p.line, p.reasons);
      continue;
    }
    const childKey = `${p.item.service_id}|${p.yearId}|${p.item.child.tax_code}`;
    const first = seen.get(childKey);
    if (first !== undefined) {
      refuse(row.line, [{
        it: `Il bambino è già nella riga ${first} per lo stesso servizio e anno scolastico.`,
        en: `The child is already on line ${first} for the same service and school year.`,
      }]);
      continue;
    }
    seen.set(childKey, row.line);
    const key = groupKey(row);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const inputs: { input: ApplicationInput; lines: number[] }[] = [];
  for (const parts of groups.values()) {
    const head = parts[0];
    const input: ApplicationInput = {
      school_year_id: head.yearId,
      kind: head.kind,
      applicant: head.applicant,
      declarations: { privacy: head.privacy },
      items: parts.map((p) => p.item),
    };
    const lines = parts.map((p) => p.row.line);
    try {
      await checkApplication(tx, input);
    } catch (e) {
      if (!(e instanceof EnrollmentError)) throw e;
      for (const pr of e.problems.length ? e.problems : [{ path: "", it: e.it, en: e.en }]) {
        const m = pr.path.match(/^items\.(\d+)/);
        for (const line of m ? [lines[Number(m[1])]] : lines) refuse(line, [pr]);
      }
    }
    const live = await tx.query<{ i: number }>(
      `select x.i::int as i from unnest($1::text[], $2::uuid[]) with ordinality as x(cf, svc, i)
        where exists (select 1 from public.application_items a
                       where a.tenant_id = app.tenant_id() and a.live and a.service_id = x.svc
                         and a.school_year_id = $3 and a.child_tax_key = app.cf_canonical(x.cf))`,
      [
        input.items.map((i) => i.child.tax_code),
        input.items.map((i) => i.service_id),
        input.school_year_id,
      ],
    );
    for (const { i } of live) {
      refuse(lines[i - 1], [{
        it: "Per questo bambino esiste già una domanda per lo stesso servizio e anno scolastico.",
        en: "This child already has an application for the same service and school year.",
      }]);
    }
    inputs.push({ input, lines });
  }
  const report: ImportReport = {
    rows: rows.length,
    rejected: [...rejected].sort((a, b) => a[0] - b[0]).map(([line, reasons]) => ({
      line,
      reasons,
    })),
    imported: [],
  };
  if (report.rejected.length) return report;
  for (const { input, lines } of inputs) {
    await linkRegistry(tx, input);
    const id = await createApplication(tx, input, { userId, channel: "import" });
    const s = await submitApplication(tx, id);
    report.imported.push({
      protocol_number: s.protocol_number,
      applicant: `${input.applicant.surname} ${input.applicant.name}`,
      lines,
    });
  }
  await tx.query("select app.audit_event(app.tenant_id(), 'import', 'applications', null, $1)", [{
    rows: report.rows,
    applications: report.imported.map((a) => a.protocol_number),
  }]);
  return report;
}

/** The applicant's household and registry records of applicant and children, when known. */
async function linkRegistry(tx: Tx, input: ApplicationInput): Promise<void> {
  const [a] = await tx.query<{ id: string; household_id: string | null }>(
    `select p.id, (select m.household_id from public.household_members m
                    where m.tenant_id = p.tenant_id and m.person_id = p.id
                      and m.role in ('parent', 'legal_guardian') limit 1) as household_id
       from public.people p
      where p.tenant_id = app.tenant_id() and p.merged_into is null
        and app.cf_canonical(p.tax_code) = app.cf_canonical($1) limit 1`,
    [input.applicant.tax_code],
  );
  input.applicant_id = a?.id;
  input.household_id = a?.household_id ?? undefined;
  for (const item of input.items) {
    const [c] = await tx.query<{ id: string }>(
      `select id from public.people where tenant_id = app.tenant_id() and merged_into is null
          and app.cf_canonical(tax_code) = app.cf_canonical($1) limit 1`,
      [item.child.tax_code],
    );
    item.child_id = c?.id;
  }
}
