/**
 * The demo Comune has a service open for enrollment at demo time: the summer camp «Estate
 * insieme» 2027 takes applications from 15 November 2026 to 31 March 2027, with its own form
 * (weeks chosen, people allowed to collect the child). Runs after the services seed.
 *
 * @module
 */

import { romeInstant } from "../calendar/dates.ts";
import type { Tx } from "../db/types.ts";
import { parseDefinition } from "../forms/definition.ts";

const SUMMER_FORM = [
  {
    name: "turni",
    type: "radio",
    label: "Turni richiesti",
    required: true,
    options: [
      { value: "giugno", label: "14 giugno – 2 luglio" },
      { value: "luglio", label: "5 luglio – 30 luglio" },
      { value: "tutti", label: "Tutto il periodo (14 giugno – 30 luglio)" },
    ],
  },
  {
    name: "delegati",
    type: "textarea",
    label: "Persone delegate al ritiro (nome, cognome, documento)",
    max_length: 1000,
  },
];

/** Opens the demo summer camp's window around demo time (inside `seedDemo`'s transaction). */
export async function seedDemoPortal(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `update public.services set enrollment_opens_at = $2, enrollment_closes_at = $3,
            form_definition = $4
      where tenant_id = $1 and code = 'ESTATE'`,
    [
      tenantId,
      romeInstant("2026-11-15T09:00")!.toISOString(),
      romeInstant("2027-03-31T23:59")!.toISOString(),
      parseDefinition({ fields: SUMMER_FORM }),
    ],
  );
}
