/**
 * The enrollment pages: the operator lists by ISEE flag, enrolls accepted applications in bulk
 * with a report and reads the tariff's explanation; the family reads its own enrollment with the
 * same explanation and cannot open another household's.
 */
import assert from "node:assert/strict";
import { acceptedApplication } from "../lib/enrollment/demo.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { callersOf, demoTenant } from "./helpers/second_tenant.ts";

dbTest(
  "enrollment pages: operator enrolls an accepted application, family reads it",
  async (db) => {
    const demo = await demoTenant(db);
    const op = new Map((await callersOf(db, demo)).claims).get("operator")!;
    const [item] = await db.asUser(op, (tx) =>
      acceptedApplication(tx, {
        household: "Famiglia Ricci Colombo",
        applicant: { surname: "Colombo", name: "Chiara" },
        submittedAt: "2026-05-04T09:00:00+02:00",
        items: [{
          child: { surname: "Ricci", name: "Sofia" },
          service: "MENSA",
          site: "Scuola primaria Giovanni Pascoli",
          class: "3A",
        }],
      }, demo.users.operator));
    const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    // Who lacks a valid ISEE: the demo's missing and expired ones.
    const missing = await htmlOf(await c.get("/operatore/iscrizioni?isee=missing"));
    assert.match(missing, /Lombardi Edoardo/);
    assert.doesNotMatch(missing, /Moretti Giorgio/);
    const expired = await htmlOf(await c.get("/operatore/iscrizioni?isee=expired"));
    assert.match(expired, /Gallo Emma/);

    const pending = await htmlOf(await c.get("/operatore/iscrizioni/crea"));
    assert.match(pending, /Ricci Sofia/);
    const report = await htmlOf(await c.postForm("/operatore/iscrizioni/crea", [["item", item]]));
    assert.match(report, /1 iscrizioni create, 0 non create/);
    const id = report.match(/\/operatore\/iscrizioni\/([0-9a-f-]{36})/)![1];
    const detail = await htmlOf(await c.get(`/operatore/iscrizioni/${id}`));
    // No ISEE on file for the Ricci Colombo household: highest bracket, flagged; Sofia is the
    // second child after her sister Giulia, enrolled in the canteen by the demo.
    assert.match(detail, /Senza ISEE, fascia 6, secondo figlio −30 %: 3,64 € a pasto/);
    assert.match(detail, /Secondo figlio: −30 % \(5,20 € → 3,64 €\)/);
    assert.match(detail, /ISEE mancante/);

    // The override needs a reason: refused with the message beside the field, nothing stored.
    const bad = await c.postForm(`/operatore/iscrizioni/${id}`, {
      _action: "override",
      override_cents: "2,00",
      override_reason: "no",
    });
    const badPage = await htmlOf(bad, 422);
    assert.match(badPage, /role="alert"/);
    assert.match(badPage, /aria-invalid="true"/);
    const { page: saved } = await postAndFollow(c, `/operatore/iscrizioni/${id}`, {
      _action: "override",
      override_cents: "2,00",
      override_reason: "Agevolazione deliberata dalla Giunta",
    });
    assert.match(saved, /2,00 € a pasto/);

    // The exemption needs the social services' act; granted, it re-prices and is explained.
    const noAct = await htmlOf(
      await c.postForm(`/operatore/iscrizioni/${id}`, {
        _action: "conditions",
        social_services_exemption: "on",
        social_services_exemption_reference: "",
      }),
      422,
    );
    assert.match(noAct, /role="alert"/);
    assert.match(
      noAct,
      /estremi dell&#39;atto dei servizi sociali|estremi dell'atto dei servizi sociali/,
    );
    assert.match(noAct, /id="social_services_exemption_reference"[^>]*aria-invalid="true"/);
    const { page: exempt } = await postAndFollow(c, `/operatore/iscrizioni/${id}`, {
      _action: "conditions",
      social_services_exemption: "on",
      social_services_exemption_reference: "Relazione servizi sociali prot. 77/2026",
    });
    assert.match(exempt, /Esenzione dei servizi sociali: 0,00 € a pasto/);
    assert.match(exempt, /Relazione servizi sociali prot\. 77\/2026/);
    // The manual amount still prevails over the exemption until the office clears it.
    assert.match(exempt, /2,00 € a pasto/);

    const family = await signedInClient(db, "chiara.colombo@posta.example");
    const mine = await htmlOf(await family.get(`/famiglie/iscrizioni/${id}`));
    assert.match(mine, /Esenzione dei servizi sociali: 0,00 € a pasto/);
    assert.doesNotMatch(mine, /prot\. 77/);
    assert.match(mine, /3A/);
    assert.match(mine, /Scuola primaria Giovanni Pascoli/);
    const list = await htmlOf(await family.get("/famiglie/iscrizioni"));
    assert.match(list, /Ricci Sofia/);
    assert.doesNotMatch(list, /Moretti/);
    const [other] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `select e.id from public.enrollments e join public.people p on p.id = e.beneficiary_id
        where p.surname = 'Moretti' limit 1`,
      )
    );
    assert.equal((await family.get(`/famiglie/iscrizioni/${other.id}`)).status, 404);
    assert.equal((await family.get("/operatore/iscrizioni")).status, 403);
  },
);
