/**
 * The demo Comune's ranking criteria for its nursery (asilo nido), 2026/27: residents first,
 * disability, working parents, single parent, siblings at the nido, ISEE and age groups, with
 * the answers of the nursery's own form. Applications are seeded (or made) by others.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { checkRules, type RankingRules } from "./criteria.ts";

export const DEMO_NURSERY_RULES: RankingRules = {
  criteria: [
    {
      kind: "disability",
      code: "disabilita",
      label: "Bambina o bambino con disabilità (L. 104/1992)",
      points: 30,
    },
    {
      kind: "working_parents",
      code: "genitori_lavoratori",
      label: "Genitori che lavorano (per ciascuno)",
      field: "genitori_lavoratori",
      points_each: 10,
    },
    {
      kind: "single_parent",
      code: "monogenitore",
      label: "Nucleo con un solo genitore",
      points: 8,
    },
    {
      kind: "siblings_enrolled",
      code: "fratelli_iscritti",
      label: "Fratelli o sorelle già iscritti al nido",
      points: 5,
    },
    {
      kind: "isee_below",
      code: "isee_basso",
      label: "ISEE per minorenni inferiore a 12.000 €",
      threshold_cents: 1_200_000,
      points: 4,
    },
    {
      kind: "answer",
      code: "tempo_pieno",
      label: "Frequenza a tempo pieno",
      field: "frequenza",
      value: "tempo_pieno",
      points: 2,
    },
  ],
  tie_breakers: ["lower_isee", "older_child"],
  residents_first: true,
  offer_days: 7,
};

/** Stores the nursery's criteria for every school year it runs in (inside `seedDemo`). */
export async function seedDemoRankings(tx: Tx, tenantId: string): Promise<void> {
  const checked = checkRules(DEMO_NURSERY_RULES);
  if (!checked.ok) throw new Error(`demo ranking rules: ${JSON.stringify(checked.problems)}`);
  await tx.query(
    `insert into public.ranking_criteria (tenant_id, service_id, school_year_id, rules)
     select s.tenant_id, s.id, sy.school_year_id, $2
       from public.services s
       join public.service_school_years sy on sy.tenant_id = s.tenant_id and sy.service_id = s.id
      where s.tenant_id = $1 and s.kind = 'nursery'
     on conflict (tenant_id, service_id, school_year_id) do nothing`,
    [tenantId, checked.value],
  );
}
