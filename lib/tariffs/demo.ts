/**
 * The demo Comune's tariffs for 2026/27, built on patterns of real regulations (see the
 * regulations tests): canteen per meal by ISEE bracket with sibling reductions, nursery with a
 * fixed monthly part and a daily part on a linear ISEE formula, transport per year, and a draft
 * pre-school fee. Uses the services an earlier seed made, creating any that are missing.
 */
import type { Tx } from "../db/types.ts";
import type { TariffRules } from "./schema.ts";
import { validateRules } from "./validate.ts";

const SIBLINGS: TariffRules["adjustments"] = [
  {
    type: "reduction_percent",
    bp: 3000,
    group: "fratelli",
    when: { siblingRank: { min: 2, max: 2 } },
  },
  { type: "reduction_percent", bp: 5000, group: "fratelli", when: { siblingRank: { min: 3 } } },
];

export const DEMO_TARIFFS: {
  serviceKind: string;
  serviceCode: string;
  serviceTitle: string;
  code: string;
  title: string;
  description: string;
  status: "draft" | "published";
  rules: TariffRules;
}[] = [
  {
    serviceKind: "canteen",
    serviceCode: "MENSA",
    serviceTitle: "Refezione scolastica",
    code: "MENSA-PASTO",
    title: "Refezione scolastica: costo del pasto",
    description: "Tariffa per pasto consumato, per fasce ISEE, con riduzioni per i fratelli.",
    status: "published",
    rules: {
      kind: "per_use",
      unit: "meal",
      amount: {
        type: "isee_brackets",
        brackets: [
          { fromCents: 0, toCents: 300000, cents: 0, exempt: true },
          { fromCents: 300001, toCents: 600000, cents: 150 },
          { fromCents: 600001, toCents: 1000000, cents: 280 },
          { fromCents: 1000001, toCents: 1500000, cents: 380 },
          { fromCents: 1500001, toCents: 2500000, cents: 450 },
          { fromCents: 2500001, toCents: null, cents: 520 },
        ],
      },
      missingIsee: { policy: "highest" },
      adjustments: [
        {
          type: "set_amount",
          cents: 520,
          when: { resident: false },
          label: "non residente: tariffa massima",
          labelEn: "non-resident: highest amount",
        },
        ...SIBLINGS!,
      ],
      source: "Delibera G.C. n. 112 del 30/06/2026 (demo)",
    },
  },
  {
    serviceKind: "nursery",
    serviceCode: "NIDO",
    serviceTitle: "Nido d'infanzia",
    code: "NIDO-RETTA",
    title: "Nido d'infanzia: retta mensile",
    description: "Quota fissa mensile più quota giornaliera per i giorni di presenza, " +
      "calcolate con formula lineare sull'ISEE; esenzione fino a 5.000 €.",
    status: "published",
    rules: {
      kind: "monthly_plus_daily",
      amount: {
        type: "isee_linear",
        exemptUpToCents: 500000,
        points: [{ iseeCents: 500001, cents: 5000 }, { iseeCents: 3500000, cents: 38000 }],
      },
      daily: {
        type: "isee_linear",
        exemptUpToCents: 500000,
        points: [{ iseeCents: 500001, cents: 100 }, { iseeCents: 3500000, cents: 400 }],
      },
      adjustments: [
        {
          type: "reduction_percent",
          bp: 2500,
          appliesTo: "fixed",
          when: { mode: ["part_time", "morning"] },
          label: "tempo parziale",
          labelEn: "part time",
        },
        {
          type: "reduction_percent",
          bp: 5000,
          group: "frequenza",
          when: { settlingIn: true, daysPresent: { max: 5 } },
          appliesTo: "fixed",
        },
        {
          type: "reduction_percent",
          bp: 3000,
          group: "fratelli",
          when: { siblingRank: { min: 2 } },
          appliesTo: "fixed",
        },
      ],
      source: "Delibera G.C. n. 112 del 30/06/2026 (demo)",
    },
  },
  {
    serviceKind: "transport",
    serviceCode: "TRASPORTO",
    serviceTitle: "Trasporto scolastico",
    code: "SCUOLABUS-ANNO",
    title: "Trasporto scolastico: quota annuale",
    description: "Quota annuale per fasce ISEE; sola andata o solo ritorno −40 %.",
    status: "published",
    rules: {
      kind: "per_period",
      period: "year",
      amount: {
        type: "isee_brackets",
        brackets: [
          { fromCents: 0, toCents: 600000, cents: 6000 },
          { fromCents: 600001, toCents: 1600000, cents: 12000 },
          { fromCents: 1600001, toCents: null, cents: 18000 },
        ],
      },
      adjustments: [
        { type: "reduction_percent", bp: 4000, when: { mode: ["one_way"] } },
        ...SIBLINGS!,
        {
          type: "exempt",
          when: { disability: true },
          label: "alunno con disabilità",
          labelEn: "pupil with a disability",
        },
      ],
    },
  },
  {
    serviceKind: "pre_school",
    serviceCode: "PRESCUOLA",
    serviceTitle: "Pre-scuola",
    code: "PRESCUOLA-QUOTA",
    title: "Pre-scuola: quota per periodo",
    description: "Bozza in preparazione per il secondo periodo.",
    status: "draft",
    rules: {
      kind: "per_period",
      period: "term",
      amount: { type: "fixed", cents: 6500 },
      adjustments: SIBLINGS,
    },
  },
];

async function serviceFor(tx: Tx, tenantId: string, t: typeof DEMO_TARIFFS[number]) {
  const [found] = await tx.query<{ id: string }>(
    `select id from public.services where tenant_id = $1 and kind = $2
      order by code = $3 desc, created_at limit 1`,
    [tenantId, t.serviceKind, t.serviceCode],
  );
  if (found) return found.id;
  const [made] = await tx.query<{ id: string }>(
    `insert into public.services (tenant_id, kind, code, title, status)
     values ($1, $2, $3, $4, 'published')
     on conflict (tenant_id, code) do update set title = excluded.title returning id`,
    [tenantId, t.serviceKind, t.serviceCode, t.serviceTitle],
  );
  return made.id;
}

/** Adds the demo tariffs (inside the seed's transaction, as service_role). */
export async function seedDemoTariffs(tx: Tx, tenantId: string): Promise<void> {
  for (const t of DEMO_TARIFFS) {
    const check = validateRules(t.rules);
    if (!check.ok) throw new Error(`demo tariff ${t.code}: ${check.errors[0].message}`);
    const serviceId = await serviceFor(tx, tenantId, t);
    const [tariff] = await tx.query<{ id: string }>(
      `insert into public.tariffs (tenant_id, service_id, code, title, description)
       values ($1, $2, $3, $4, $5) returning id`,
      [tenantId, serviceId, t.code, t.title, t.description],
    );
    await tx.query(
      `insert into public.tariff_versions (tenant_id, tariff_id, valid_from, rules, rounding)
       values ($1, $2, '2026-09-01', $3, 'half_up')`,
      [tenantId, tariff.id, t.rules],
    );
    // Published after the version: a published tariff takes no version in a billed month.
    if (t.status === "published") {
      await tx.query("update public.tariffs set status = 'published' where id = $1", [tariff.id]);
    }
  }
}
