/**
 * The demo Comune's registry: thirteen households (two parents in most, a single parent, a
 * legal guardian, a grandmother, families born abroad, one family living in another Comune),
 * three teachers, the providers (caterer, bus company, cooperative) and two schools. Invented
 * people with codes built by `generateCodiceFiscale` (the family and teacher accounts of
 * `DEMO_USERS` get the record with their own code), deterministic.
 *
 * @module
 */

import { buildItalianIban, generateCodiceFiscale, partitaIvaCheckDigit } from "../codes/mod.ts";
import type { Tx } from "../db/types.ts";
import type { HouseholdRole, PersonKind } from "./labels.ts";

interface DemoPerson {
  surname: string;
  name: string;
  sex: "M" | "F";
  birthDate: string;
  placeCode: string;
  placeName: string;
  role: HouseholdRole;
  citizenship?: string;
  /** Omocodic variant issued by the Agenzia (level of substitution). */
  omocodia?: number;
}

interface DemoHousehold {
  name: string;
  code: string;
  address: string;
  resident: boolean;
  members: DemoPerson[];
}

const FI = ["D612", "Firenze"] as const;
const p = (
  surname: string,
  name: string,
  sex: "M" | "F",
  birthDate: string,
  role: HouseholdRole,
  place: readonly [string, string] = FI,
  extra: Partial<DemoPerson> = {},
): DemoPerson => ({
  surname,
  name,
  sex,
  birthDate,
  role,
  placeCode: place[0],
  placeName: place[1],
  ...extra,
});

const VALDIPONTE = "50099 Valdiponte (FI)";

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  {
    name: "Famiglia Ricci Colombo",
    code: "VD-0101",
    address: `Via Roma 12, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Ricci", "Luca", "M", "1986-04-14", "parent"),
      p("Colombo", "Chiara", "F", "1988-08-21", "parent"),
      p("Ricci", "Sofia", "F", "2018-05-12", "minor"),
      p("Ricci", "Tommaso", "M", "2021-02-03", "minor"),
      p("Ricci", "Giulia", "F", "2016-10-03", "minor"),
    ],
  },
  {
    name: "Famiglia Moretti",
    code: "VD-0102",
    address: `Via dei Mille 4, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Moretti", "Stefano", "M", "1982-11-02", "parent"),
      p("Galli", "Valentina", "F", "1985-06-20", "parent", ["G999", "Prato"]),
      p("Moretti", "Giorgio", "M", "2017-09-08", "minor"),
      p("Moretti", "Alice", "F", "2019-12-01", "minor"),
      p("Moretti", "Pietro", "M", "2023-04-17", "minor"),
    ],
  },
  {
    name: "Famiglia Barbieri",
    code: "VD-0103",
    address: `Via Garibaldi 27, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Barbieri", "Francesca", "F", "1990-01-25", "parent"),
      p("Barbieri", "Leonardo", "M", "2016-07-30", "minor"),
    ],
  },
  {
    name: "Famiglia Lombardi",
    code: "VD-0104",
    address: `Piazza della Chiesa 3, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Lombardi", "Matteo", "M", "1979-08-11", "parent", ["H501", "Roma"]),
      p("Fontana", "Serena", "F", "1983-02-14", "parent"),
      p("Lombardi", "Giulia", "F", "2015-10-05", "minor"),
      p("Lombardi", "Edoardo", "M", "2018-03-22", "minor"),
    ],
  },
  {
    name: "Famiglia Popescu",
    code: "VD-0105",
    address: `Via del Mulino 8, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Popescu", "Ion", "M", "1987-05-09", "parent", ["Z129", "Romania"], { citizenship: "RO" }),
      p("Popescu", "Maria", "F", "1989-09-30", "parent", ["Z129", "Romania"], {
        citizenship: "RO",
      }),
      p("Popescu", "Andrei", "M", "2017-01-19", "minor", FI, { citizenship: "RO" }),
      p("Popescu", "Ana", "F", "2020-06-11", "minor", FI, { citizenship: "RO" }),
    ],
  },
  {
    name: "Famiglia El Amrani",
    code: "VD-0106",
    address: `Via Fiorentina 41, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("El Amrani", "Youssef", "M", "1985-04-03", "parent", ["Z330", "Marocco"], {
        citizenship: "MA",
      }),
      p("Benali", "Fatima Zahra", "F", "1991-11-23", "parent", ["Z330", "Marocco"], {
        citizenship: "MA",
      }),
      p("El Amrani", "Amina", "F", "2016-02-29", "minor", FI, { citizenship: "MA" }),
      p("El Amrani", "Omar", "M", "2019-08-15", "minor", FI, { citizenship: "MA" }),
    ],
  },
  {
    name: "Famiglia Gallo Rinaldi",
    code: "VD-0107",
    address: `Via della Stazione 15, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Gallo", "Davide", "M", "1981-12-12", "parent", ["D403", "Empoli"]),
      p("Rinaldi", "Martina", "F", "1984-07-07", "parent"),
      p("Rinaldi", "Anna", "F", "1952-03-19", "other_adult"),
      p("Gallo", "Nicolò", "M", "2014-11-28", "minor"),
      p("Gallo", "Emma", "F", "2017-05-03", "minor"),
    ],
  },
  {
    name: "Famiglia Ferri",
    code: "VD-0108",
    address: `Via Dante Alighieri 9, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Ferri", "Simone", "M", "1986-10-10", "parent"),
      p("Caruso", "Laura", "F", "1988-01-31", "parent", ["F839", "Napoli"]),
      p("Ferri", "Bianca", "F", "2020-09-09", "minor"),
    ],
  },
  {
    name: "Nucleo Santoro Mancini",
    code: "VD-0109",
    address: `Via dei Tigli 2, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Santoro", "Roberta", "F", "1970-06-06", "legal_guardian"),
      p("Mancini", "Diego", "M", "2013-04-21", "minor"),
    ],
  },
  {
    name: "Famiglia D'Angelo",
    code: "VD-0110",
    address: `Via San Martino 33, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("D'Angelo", "Marco", "M", "1983-03-03", "parent"),
      p("Vitale", "Irene", "F", "1986-12-24", "parent", ["I684", "Sesto Fiorentino"]),
      p("D'Angelo", "Gabriele", "M", "2016-08-19", "minor"),
      p("D'Angelo", "Beatrice", "F", "2019-10-10", "minor"),
    ],
  },
  {
    name: "Famiglia Costa",
    code: "VD-0111",
    address: `Via Cavour 5, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Costa", "Federica", "F", "1992-04-04", "parent", ["B962", "Scandicci"]),
      p("Costa", "Riccardo", "M", "2018-11-11", "minor"),
    ],
  },
  {
    name: "Famiglia Hoxha",
    code: "VD-0112",
    address: `Via delle Ginestre 18, ${VALDIPONTE}`,
    resident: true,
    members: [
      p("Hoxha", "Arben", "M", "1984-02-02", "parent", ["Z100", "Albania"], { citizenship: "AL" }),
      p("Hoxha", "Elira", "F", "1987-07-17", "parent", ["Z100", "Albania"], { citizenship: "AL" }),
      p("Hoxha", "Klea", "F", "2015-05-25", "minor", FI, { citizenship: "AL" }),
    ],
  },
  {
    name: "Famiglia Bruno",
    code: "PT-2207",
    address: "Via Pratese 120, 51100 Pistoia (PT)",
    resident: false,
    members: [
      p("Bruno", "Alessio", "M", "1980-09-09", "parent", ["G713", "Pistoia"]),
      p("Neri", "Chiara", "F", "1982-10-20", "parent", ["G713", "Pistoia"]),
      p("Bruno", "Mattia", "M", "2016-12-06", "minor", ["G713", "Pistoia"], { omocodia: 1 }),
    ],
  },
];

export const DEMO_TEACHERS: DemoPerson[] = [
  p("Ferrari", "Laura", "F", "1979-05-07", "other_adult"),
  p("Romano", "Alessandro", "M", "1985-09-03", "other_adult"),
  p("Marchetti", "Giovanna", "F", "1975-01-15", "other_adult"),
];

const piva = (first10: string) => first10 + partitaIvaCheckDigit(first10);

export const DEMO_ORGANIZATIONS = [
  {
    name: "Ristorazione dei Colli S.r.l.",
    kind: "provider",
    provider_kind: "caterer",
    vat_number: piva("0612345048"),
    tax_code: piva("0612345048"),
    email: "ordini@ristorazionecolli.example",
    phone: "+39 055 765 4321",
    pec: "ristorazionecolli@pec.example",
    postal_address: "Via dell'Industria 8, 50099 Valdiponte (FI)",
    iban: buildItalianIban({ abi: "03069", cab: "02887", conto: "000000012345" }),
  },
  {
    name: "Autolinee Valdarno S.p.A.",
    kind: "provider",
    provider_kind: "bus_company",
    vat_number: piva("0587654048"),
    tax_code: piva("0587654048"),
    email: "scuolabus@autolineevaldarno.example",
    phone: "+39 055 880 1200",
    pec: "autolineevaldarno@pec.example",
    postal_address: "Viale Europa 60, 50126 Firenze (FI)",
    iban: buildItalianIban({ abi: "05034", cab: "02800", conto: "000000067890" }),
  },
  {
    name: "Cooperativa Sociale Il Girasole",
    kind: "provider",
    provider_kind: "cooperative",
    vat_number: piva("0543210048"),
    tax_code: piva("0543210048"),
    email: "segreteria@coopilgirasole.example",
    phone: "+39 055 221 3344",
    pec: "coopilgirasole@pec.example",
    postal_address: "Via del Lavoro 14, 50099 Valdiponte (FI)",
    iban: null,
  },
  {
    name: "Istituto Comprensivo Valdiponte",
    kind: "school",
    provider_kind: null,
    vat_number: null,
    tax_code: piva("9401234048"),
    school_code: "FIIC84100T",
    email: "fiic84100t@istruzione.example",
    phone: "+39 055 123 9900",
    pec: "fiic84100t@pec.istruzione.example",
    postal_address: "Via della Scuola 1, 50099 Valdiponte (FI)",
    iban: null,
  },
  {
    name: "Scuola dell'infanzia paritaria Maria Ausiliatrice",
    kind: "school",
    provider_kind: null,
    vat_number: null,
    tax_code: piva("8000123048"),
    school_code: "FI1A05500X",
    email: "segreteria@mariaausiliatrice.example",
    phone: "+39 055 123 4411",
    pec: null,
    postal_address: "Via del Convento 6, 50099 Valdiponte (FI)",
    iban: null,
  },
];

/** The codice fiscale a demo person has (the omocodic variant when they were given one). */
export function demoTaxCode(x: DemoPerson): string {
  return generateCodiceFiscale(
    {
      surname: x.surname,
      name: x.name,
      birthDate: x.birthDate,
      sex: x.sex,
      placeCode: x.placeCode,
    },
    { omocodiaLevel: x.omocodia ?? 0 },
  );
}

const slug = (s: string) =>
  s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]+/g, "");

async function insertPerson(
  tx: Tx,
  tenantId: string,
  x: DemoPerson,
  opts: { resident: boolean; address: string | null; kinds: PersonKind[]; index: number },
): Promise<string> {
  const adult = x.role !== "minor";
  const cf = demoTaxCode(x);
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.people (tenant_id, tax_code, surname, name, sex, birth_date,
       birth_place_code, birth_place_name, citizenship, resident, residence_address, email, mobile,
       kinds, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
       (select u.id from public.users u join public.memberships m on m.user_id = u.id
         where m.tenant_id = $1 and u.tax_code = $2 limit 1))
     returning id`,
    [
      tenantId,
      cf,
      x.surname,
      x.name,
      x.sex,
      x.birthDate,
      x.placeCode,
      x.placeName,
      x.citizenship ?? "IT",
      opts.resident,
      opts.address,
      adult ? `${slug(x.name)}.${slug(x.surname)}@posta.example` : null,
      adult ? `+39 333 ${String(1000000 + opts.index * 7919).slice(-7)}` : null,
      opts.kinds,
    ],
  );
  return id;
}

/** Loads the demo registry into Ente `tenantId` (inside `seedDemo`'s transaction, as service). */
export async function seedDemoRegistry(tx: Tx, tenantId: string): Promise<void> {
  let index = 0;
  for (const h of DEMO_HOUSEHOLDS) {
    const [{ id: householdId }] = await tx.query<{ id: string }>(
      `insert into public.households (tenant_id, name, external_code, address)
       values ($1, $2, $3, $4) returning id`,
      [tenantId, h.name, h.code, h.address],
    );
    for (const m of h.members) {
      const kinds: PersonKind[] = m.role === "minor"
        ? ["beneficiary"]
        : m.role === "other_adult"
        ? []
        : ["applicant"];
      const personId = await insertPerson(tx, tenantId, m, {
        resident: h.resident,
        address: h.address,
        kinds,
        index: index++,
      });
      await tx.query(
        `insert into public.household_members (tenant_id, household_id, person_id, role)
         values ($1, $2, $3, $4)`,
        [tenantId, householdId, personId, m.role],
      );
    }
  }
  for (const t of DEMO_TEACHERS) {
    await insertPerson(tx, tenantId, t, {
      resident: false,
      address: null,
      kinds: ["teacher"],
      index: index++,
    });
  }
  for (const o of DEMO_ORGANIZATIONS) {
    await tx.query(
      `insert into public.organizations (tenant_id, name, kind, provider_kind, vat_number, tax_code,
         school_code, email, phone, pec, postal_address, iban)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        tenantId,
        o.name,
        o.kind,
        o.provider_kind,
        o.vat_number,
        o.tax_code,
        "school_code" in o ? o.school_code : null,
        o.email,
        o.phone,
        o.pec,
        o.postal_address,
        o.iban,
      ],
    );
  }
}
