/**
 * Effective enrollments through `/api/v1/enrollments`: accepted items become enrollments linked
 * to the registry with the right tariff and explanation, idempotently; overlaps are refused with
 * a clear message; withdrawal re-prices the siblings; overrides need a reason and are audited;
 * families, teachers and other Enti see only what they may.
 */
import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { acceptedApplication } from "../lib/enrollment/demo.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";
import { callersOf, createSecondTenant, demoTenant } from "./helpers/second_tenant.ts";

const PASCOLI = "Scuola primaria Giovanni Pascoli";

/**
 * The Ricci children's canteen application, accepted, and Chiara's ISEE minorenni 12.400 €. Their
 * eldest sister Giulia is already enrolled in the canteen by the demo, so she is the first child.
 */
async function ricciAccepted(db: Db) {
  const demo = await demoTenant(db);
  const claims = new Map(await callersOf(db, demo).then((c) => c.claims));
  const op = claims.get("operator")!;
  const items = await db.asUser(op, async (tx) => {
    await tx.query(
      `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
         protocol, presented_on, valid_until, source)
       select tenant_id, id, tax_code, 'minorenni', 1240000, 'INPS-ISEE-2026-000777001X-00',
              '2026-02-01', '2026-12-31', 'inps'
         from public.people where surname = 'Colombo' and name = 'Chiara'`,
    );
    return await acceptedApplication(tx, {
      household: "Famiglia Ricci Colombo",
      applicant: { surname: "Colombo", name: "Chiara" },
      submittedAt: "2026-05-04T09:00:00+02:00",
      items: [
        {
          child: { surname: "Ricci", name: "Tommaso" },
          service: "MENSA",
          site: "Scuola dell'infanzia Il Girasole",
          class: "Sezione A",
        },
        {
          child: { surname: "Ricci", name: "Sofia" },
          service: "MENSA",
          site: PASCOLI,
          class: "3A",
        },
      ],
    }, demo.users.operator);
  });
  return { demo, claims, items, tommaso: items[0], sofia: items[1] };
}

const summary = (e: { tariff_assignment: { quote: { summary: { it: string } } } }) =>
  e.tariff_assignment.quote.summary.it;

dbTest("enrollments API: accepted items become priced enrollments, idempotently", async (db) => {
  const { tommaso, sofia } = await ricciAccepted(db);
  const op = await operatorApi(db);
  const ricciBefore = (await op.call("GET", `/enrollments?q=ricci`)).json.total;

  // Tommaso first: after Giulia (the eldest, enrolled by the demo) he is the second child.
  const t1 = await op.call("POST", "/enrollments", { application_item_id: tommaso });
  assert.equal(t1.status, 201, JSON.stringify(t1.json));
  assert.match(t1.type, /json/);
  assert.equal(t1.json.applied_cents, 266);
  assert.equal(
    summary(t1.json),
    "Fascia 4 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € a pasto",
  );
  assert.equal(t1.json.tariff_assignment.isee_flag, "ok");
  assert.equal(t1.json.class_name, "Sezione A");
  assert.equal(t1.json.payer_name, "Colombo Chiara");
  assert.equal(t1.json.starts_on, "2026-09-15");
  assert.equal(t1.json.ends_on, "2027-06-10");

  // Sofia, older than Tommaso, in bulk: she becomes the second child and Tommaso is re-priced
  // third.
  const bulk = await op.call("POST", "/enrollments/bulk", {
    application_item_ids: [sofia, tommaso],
  });
  assert.equal(bulk.status, 200, JSON.stringify(bulk.json));
  assert.deepEqual(bulk.json.lines.map((l: { result: string }) => l.result), [
    "created",
    "existing",
  ]);
  const again = await op.call("POST", "/enrollments/bulk", { application_item_ids: [sofia] });
  assert.equal(again.json.lines[0].result, "existing");

  const list = await op.call("GET", `/enrollments?q=ricci`);
  assert.equal(list.status, 200);
  assert.equal(list.json.total, ricciBefore + 2);
  const byName = Object.fromEntries(
    list.json.items.map((e: { beneficiary_name: string }) => [e.beneficiary_name, e]),
  );
  assert.equal(
    summary(byName["Ricci Sofia"]),
    "Fascia 4 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € a pasto",
  );
  assert.equal(
    summary(byName["Ricci Tommaso"]),
    "Fascia 4 (ISEE 12.400,00 €), dal terzo figlio −50 %: 1,90 € a pasto",
  );
  assert.equal(byName["Ricci Tommaso"].applied_cents, 190);
  assert.equal(byName["Ricci Sofia"].class_name, "3A");

  // The registry: the children linked to the items, one record each.
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.application_items
        where id = any($1) and child_id is not null`,
      [[sofia, tommaso]],
    )
  );
  assert.equal(n, 2);

  // Withdrawal: Sofia left at the end of October, so in November (the month priced) Tommaso is
  // the second child again.
  const bad = await op.call("POST", `/enrollments/${byName["Ricci Sofia"].id}/withdraw`, {
    withdrawn_on: "2027-09-01",
    reason: "Trasferimento in altro Comune",
  });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.code, "invalid");
  const w = await op.call("POST", `/enrollments/${byName["Ricci Sofia"].id}/withdraw`, {
    withdrawn_on: "2026-10-31",
    reason: "Trasferimento in altro Comune",
  });
  assert.equal(w.status, 200, JSON.stringify(w.json));
  assert.equal(w.json.status, "withdrawn");
  assert.equal(w.json.withdrawn_on, "2026-10-31");
  const twice = await op.call("POST", `/enrollments/${byName["Ricci Sofia"].id}/withdraw`, {
    withdrawn_on: "2026-10-31",
    reason: "Trasferimento in altro Comune",
  });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.code, "already_withdrawn");
  const t = await op.call("GET", `/enrollments/${byName["Ricci Tommaso"].id}`);
  assert.equal(t.json.applied_cents, 266);
  const withdrawn = await op.call("GET", "/enrollments?status=withdrawn&q=ricci");
  assert.equal(withdrawn.json.total, 1);
});

dbTest("enrollments API: an overlapping enrollment is refused with a clear message", async (db) => {
  const { sofia } = await ricciAccepted(db);
  // Sofia already enrolled in the canteen by the office, without an application.
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, starts_on, ends_on)
       select i.tenant_id, i.service_id, i.school_year_id, i.child_id, a.applicant_id,
              '2026-10-01', '2027-06-10'
         from public.application_items i
         join public.applications a on a.id = i.application_id where i.id = $1`,
      [sofia],
    )
  );
  const op = await operatorApi(db);
  const r = await op.call("POST", "/enrollments", { application_item_id: sofia });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, "overlap");
  assert.match(r.json.detail ?? r.json.title ?? "", /already enrolled/);
  // Nothing half-done: no enrollment for the item.
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.enrollments where application_item_id = $1",
      [sofia],
    )
  );
  assert.equal(n, 0);
  // The bulk report names the child and the reason, and goes on with the others.
  const bulk = await op.call("POST", "/enrollments/bulk", { application_item_ids: [sofia] });
  assert.equal(bulk.status, 200, JSON.stringify(bulk.json));
  assert.equal(bulk.json.lines[0].result, "refused");
  assert.match(bulk.json.lines[0].message, /Sofia Ricci is already enrolled/);
});

dbTest("enrollments API: items not accepted are not enrolled", async (db) => {
  const { sofia } = await ricciAccepted(db);
  await db.asOwner((tx) =>
    tx.query("update public.application_items set outcome = 'waitlisted' where id = $1", [sofia])
  );
  const op = await operatorApi(db);
  const r = await op.call("POST", "/enrollments", { application_item_id: sofia });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, "not_accepted");
});

dbTest("enrollments API: a manual override needs a reason and is audited", async (db) => {
  const { sofia } = await ricciAccepted(db);
  const op = await operatorApi(db);
  const e = (await op.call("POST", "/enrollments", { application_item_id: sofia })).json;
  const short = await op.call("PUT", `/enrollments/${e.id}/override`, {
    override_cents: 100,
    reason: "ok",
  });
  assert.equal(short.status, 422);
  assert.equal(short.json.code, "invalid");
  assert.equal(short.json.errors[0].path, "override_reason");
  const ok = await op.call("PUT", `/enrollments/${e.id}/override`, {
    override_cents: 100,
    reason: "Delibera G.C. n. 15/2026: agevolazione straordinaria",
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.applied_cents, 100);
  // The tariff stays computed beside the override: Sofia is the second child after Giulia.
  assert.equal(ok.json.tariff_assignment.quote.cents, 266);
  const log = await db.asOwner((tx) =>
    tx.query<{ action: string; details: { reason?: string } | null }>(
      `select action, details from public.audit_log
        where entity = 'enrollments' and entity_id = $1 order by id`,
      [e.id],
    )
  );
  const event = log.find((l) => l.action === "tariff_override");
  assert.equal(event?.details?.reason, "Delibera G.C. n. 15/2026: agevolazione straordinaria");
  assert.ok(log.some((l) => l.action === "update"), JSON.stringify(log));
  const cleared = await op.call("PUT", `/enrollments/${e.id}/override`, {
    override_cents: null,
    reason: "",
  });
  assert.equal(cleared.json.applied_cents, 266);
});

async function countAs(db: Db, claims: Claims): Promise<number> {
  const [{ n }] = await db.asUser(
    claims,
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.enrollments"),
  );
  return n;
}

dbTest(
  "enrollments RLS: a family its own, a teacher their classes, another Ente nothing",
  async (db) => {
    const { claims, sofia, tommaso } = await ricciAccepted(db);
    const op = await operatorApi(db);
    const familyBefore = await countAs(db, claims.get("family")!);
    await op.call("POST", "/enrollments/bulk", { application_item_ids: [sofia, tommaso] });
    const all = await countAs(db, claims.get("operator")!);
    assert.ok(all >= 20, `staff see every enrollment (${all})`);

    // Chiara (family) sees her children's only — Giulia's canteen and bus from the demo, and now
    // Sofia's and Tommaso's — through the API too.
    assert.equal(familyBefore, 2);
    assert.equal(await countAs(db, claims.get("family")!), familyBefore + 2);
    const chiara = await operatorApi(db, "chiara.colombo@posta.example");
    const mine = await chiara.call("GET", "/enrollments");
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.json.items.map((e: { beneficiary_name: string }) => e.beneficiary_name).sort(),
      ["Ricci Giulia", "Ricci Giulia", "Ricci Sofia", "Ricci Tommaso"],
    );
    const other = (await op.call("GET", "/enrollments?q=moretti")).json.items[0];
    assert.equal((await chiara.call("GET", `/enrollments/${other.id}`)).status, 404);
    assert.equal(
      (await chiara.call("POST", "/enrollments/bulk", { application_item_ids: [sofia] })).status,
      403,
    );
    // A family cannot change its enrollment (silently nothing under RLS).
    const changed = await db.asUser(claims.get("family")!, (tx) =>
      tx.query(
        "update public.enrollments set override_cents = 0, override_reason = 'gratis!' returning id",
      ));
    assert.deepEqual(changed, []);

    // The teacher of 1A and 2A sees the children of 2A (Alice, Omar, Beatrice) only.
    const teacher = await db.asUser(
      claims.get("teacher")!,
      (tx) =>
        tx.query<{ class_name: string }>(
          `select c.name as class_name from public.enrollments e
         join public.classes c on c.id = e.class_id`,
        ),
    );
    assert.ok(teacher.length >= 3);
    assert.ok(
      teacher.every((r) => ["1A", "2A"].includes(r.class_name)),
      JSON.stringify(teacher),
    );

    // Another Ente's operator and family see none of these.
    const second = await createSecondTenant(db);
    const theirs = new Map((await callersOf(db, second)).claims);
    for (const role of ["operator", "family", "teacher", "api key"]) {
      const seen = await db.asUser(theirs.get(role)!, (tx) =>
        tx.query<{ n: number }>(
          "select count(*)::int as n from public.enrollments where tenant_id <> $1",
          [second.tenantId],
        ));
      assert.equal(seen[0].n, 0, role);
    }
  },
);

dbTest(
  "enrollments API: the social-services exemption needs its act, re-prices, is audited",
  async (db) => {
    const { sofia } = await ricciAccepted(db);
    const op = await operatorApi(db);
    const e = (await op.call("POST", "/enrollments", { application_item_id: sofia })).json;
    // Second child after Giulia: bracket 4 less 30 %.
    assert.equal(e.applied_cents, 266);
    assert.equal(e.social_services_exemption, false);

    // Without the act: refused, the field named, nothing stored.
    const bare = await op.call("PATCH", `/enrollments/${e.id}/conditions`, {
      social_services_exemption: true,
    });
    assert.equal(bare.status, 422);
    assert.match(bare.type, /problem\+json/);
    assert.equal(bare.json.code, "invalid");
    assert.equal(bare.json.errors[0].path, "social_services_exemption_reference");
    assert.match(bare.json.detail ?? bare.json.title, /reference of the social services' act/);
    assert.equal(
      (await op.call("GET", `/enrollments/${e.id}`)).json.social_services_exemption,
      false,
    );
    const empty = await op.call("PATCH", `/enrollments/${e.id}/conditions`, {});
    assert.equal(empty.status, 422);

    const act = "Relazione del Servizio sociale prot. 4521 del 02/10/2026";
    const granted = await op.call("PATCH", `/enrollments/${e.id}/conditions`, {
      social_services_exemption: true,
      exemption_reference: act,
    });
    assert.equal(granted.status, 200, JSON.stringify(granted.json));
    assert.match(granted.type, /json/);
    assert.equal(granted.json.social_services_exemption, true);
    assert.equal(granted.json.social_services_exemption_reference, act);
    assert.equal(granted.json.applied_cents, 0);
    assert.equal(summary(granted.json), "Esenzione dei servizi sociali: 0,00 € a pasto");
    assert.deepEqual(granted.json.tariff_assignment.quote.reductions, [{
      kind: "social_services",
    }]);

    // The family reads the exemption and the explanation, not the social services' act.
    const chiara = await operatorApi(db, "chiara.colombo@posta.example");
    const mine = await chiara.call("GET", `/enrollments/${e.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.json.social_services_exemption, true);
    assert.equal(mine.json.social_services_exemption_reference, null);
    assert.equal(mine.json.disability, false);
    assert.equal(
      (await chiara.call("PATCH", `/enrollments/${e.id}/conditions`, { disability: true })).status,
      403,
    );

    // Revoking needs the revoking act as well; then the ISEE bracket (and the sibling reduction)
    // applies again.
    const bad = await op.call("PATCH", `/enrollments/${e.id}/conditions`, {
      social_services_exemption: false,
      exemption_reference: "",
    });
    assert.equal(bad.status, 422);
    const revoked = await op.call("PATCH", `/enrollments/${e.id}/conditions`, {
      social_services_exemption: false,
      exemption_reference: "Determina n. 88 del 15/01/2027",
    });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.json));
    assert.equal(revoked.json.applied_cents, 266);
    assert.equal(revoked.json.social_services_exemption_reference, null);

    const log = await db.asOwner((tx) =>
      tx.query<{ action: string; actor_id: string | null; details: Record<string, unknown> }>(
        `select action, actor_id, details from public.audit_log
        where entity = 'enrollments' and entity_id = $1 and action like 'exemption_%' order by id`,
        [e.id],
      )
    );
    assert.deepEqual(log.map((l) => [l.action, l.details.reference]), [
      ["exemption_granted", act],
      ["exemption_revoked", "Determina n. 88 del 15/01/2027"],
    ]);
    assert.ok(log.every((l) => l.actor_id), "the operator is named");

    assert.equal(
      (await op.call("PATCH", "/enrollments/00000000-0000-4000-8000-000000000000/conditions", {
        disability: true,
      })).status,
      404,
    );
  },
);

dbTest(
  "enrollments API: a certified disability re-prices transport and its reads are logged",
  async (db) => {
    const op = await operatorApi(db);
    const [bus] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `select e.id from public.enrollments e
         join public.services s on s.id = e.service_id
         join public.people p on p.id = e.beneficiary_id
        where s.code = 'TRASPORTO' and p.surname = 'Barbieri' and p.name = 'Leonardo'`,
      )
    );
    const before = await op.call("GET", `/enrollments/${bus.id}`);
    assert.equal(before.json.applied_cents, 6000);
    assert.equal(before.json.disability, false);
    const r = await op.call("PATCH", `/enrollments/${bus.id}/conditions`, { disability: true });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.disability, true);
    assert.equal(r.json.applied_cents, 0);
    assert.match(summary(r.json), /alunno con disabilità/);
    assert.equal(r.json.social_services_exemption, false, "the exemption is left as it was");

    await op.call("GET", `/enrollments/${bus.id}`);
    const log = await db.asOwner((tx) =>
      tx.query<{ action: string; after: { disability?: boolean } | null; details: unknown }>(
        `select action, after, details from public.audit_log
        where entity = 'enrollments' and entity_id = $1 order by id`,
        [bus.id],
      )
    );
    assert.ok(log.some((l) => l.action === "update" && l.after?.disability === true));
    assert.ok(
      log.some((l) =>
        l.action === "view" && (l.details as { disability?: boolean }).disability === true
      ),
      JSON.stringify(log.map((l) => l.action)),
    );
    const off = await op.call("PATCH", `/enrollments/${bus.id}/conditions`, { disability: false });
    assert.equal(off.json.applied_cents, 6000);
  },
);
