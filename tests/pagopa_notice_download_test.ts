import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { loadNoticeInput } from "../lib/pagopa/notice_data.ts";
import {
  demoNoticeFacts,
  memberClaims,
  seedNoticePosition,
  seedNoticeRun,
  seedNoticeSettings,
} from "../lib/pagopa/notice_pdf_testing.ts";
import { noticePdfText } from "../lib/pagopa/notice_pdf_text.ts";
import { formatNoticeNumber } from "../lib/pagopa/notice_number.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const CHIARA = "chiara.colombo@posta.example";
const LUCA = "luca.ricci@posta.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const OTHER = "altra.famiglia.avvisi@posta.example";

/** A family account for a parent of another household of the demo Comune; returns its person. */
async function addOtherFamily(db: Db): Promise<string> {
  return await db.asService(async (tx) => {
    const [parent] = await tx.query<{ id: string; tenant_id: string }>(
      `select p.id, p.tenant_id from public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
         join public.households h on h.tenant_id = m.tenant_id and h.id = m.household_id
        where m.role = 'parent' and p.user_id is null and h.name not like '%Ricci%'
        order by h.name limit 1`,
    );
    const [user] = await tx.query<{ id: string }>(
      "insert into public.users (email, full_name) values ($1, 'Altra Famiglia') returning id",
      [OTHER],
    );
    await tx.query(
      `insert into private.credentials (user_id, password_hash)
       select $1, c.password_hash from private.credentials c
         join public.users u on u.id = c.user_id where u.email = $2`,
      [user.id, DEMO_USERS[0].email],
    );
    await tx.query(
      "insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'family')",
      [parent.tenant_id, user.id],
    );
    await tx.query("update public.people set user_id = $1 where id = $2", [user.id, parent.id]);
    return parent.id;
  });
}

async function seed(db: Db, opts: { instalments?: number[] } = {}) {
  await seedNoticeSettings(db);
  return await db.asOwner(async (tx) => {
    const runId = await seedNoticeRun(tx);
    return await seedNoticePosition(tx, { runId, ...opts });
  });
}

async function pdfOf(res: Response, status = 200) {
  const body = new Uint8Array(await res.arrayBuffer());
  assert.equal(res.status, status, new TextDecoder().decode(body).slice(0, 500));
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.equal(res.headers.get("cache-control"), "private, no-store");
  return body;
}

dbTest("notice download: operator and both parents get the PDF; others get 404", async (db) => {
  const p = await seed(db, { instalments: [4000, 4550] });
  const otherPerson = await addOtherFamily(db);
  const other = await db.asOwner(async (tx) =>
    await seedNoticePosition(tx, { runId: p.runId, payerId: otherPerson, cents: 1200 })
  );

  const op = await signedInClient(db, OPERATOR);
  const res = await op.get(`/operatore/posizioni/${p.id}/avviso`);
  const bytes = await pdfOf(res);
  assert.equal(
    res.headers.get("content-disposition"),
    `attachment; filename="avviso-${p.navs[0]}.pdf"`,
  );
  const text = (await noticePdfText(bytes)).flat().join("\n");
  for (const nav of p.navs) assert.ok(text.includes(formatNoticeNumber(nav)), nav);
  for (
    const t of ["85,50 Euro", "Chiara Colombo", "CLMCHR85M41H501Z", "Rata 2", "40,00", "45,50"]
  ) assert.ok(text.includes(t), t);
  assert.ok(text.includes("Mensa scolastica ottobre 2026 - Sofia Ricci"));
  assert.ok(text.includes("AB12C"), "CBILL from the settings");
  assert.ok(text.includes("Rata unica entro il 30/11/2026"));
  assert.ok(text.includes("30/12/2026") && text.includes("30/01/2027"));

  for (const email of [CHIARA, LUCA]) {
    const fam = await signedInClient(db, email);
    const r = await fam.get(`/famiglie/pagamenti/${p.id}/avviso`);
    const b = await pdfOf(r);
    assert.ok((await noticePdfText(b)).flat().includes(formatNoticeNumber(p.navs[0])));
    // Another household's position: exactly like a position that does not exist.
    const nope = await fam.get(`/famiglie/pagamenti/${other.id}/avviso`);
    assert.equal(nope.status, 404);
    await nope.body?.cancel();
    // The office's route is not theirs.
    const office = await fam.get(`/operatore/posizioni/${p.id}/avviso`);
    assert.ok(office.status === 403 || office.status === 303, String(office.status));
    await office.body?.cancel();
  }

  const stranger = await signedInClient(db, OTHER);
  const s = await stranger.get(`/famiglie/pagamenti/${p.id}/avviso`);
  assert.equal(s.status, 404);
  await s.body?.cancel();
  const own = await stranger.get(`/famiglie/pagamenti/${other.id}/avviso`);
  const ownText = (await noticePdfText(await pdfOf(own))).flat().join("\n");
  assert.ok(ownText.includes("12,00 Euro"));

  for (const bad of [crypto.randomUUID(), "not-a-uuid"]) {
    const r = await op.get(`/operatore/posizioni/${bad}/avviso`);
    assert.equal(r.status, 404);
    await r.body?.cancel();
  }

  const anonymous = await (await signedInClient(db, OPERATOR)).app.request(
    `/famiglie/pagamenti/${p.id}/avviso`,
    { redirect: "manual" },
  );
  assert.notEqual(anonymous.status, 200);
  await anonymous.body?.cancel();
});

dbTest("notice download: a cancelled position says so (409)", async (db) => {
  const p = await seed(db);
  await db.asOwner((tx) =>
    tx.query(
      `update public.debt_positions set status = 'cancelled', cancelled_at = now(),
              cancel_reason = 'Ritiro dal servizio' where id = $1`,
      [p.id],
    )
  );
  const fam = await signedInClient(db, CHIARA);
  const r = await fam.get(`/famiglie/pagamenti/${p.id}/avviso`);
  const body = await r.text();
  assert.equal(r.status, 409);
  assert.match(r.headers.get("content-type")!, /^text\/html/);
  assert.match(body, /Errore 409/);
  // The office gets the same refusal: a cancelled notice must not circulate again.
  const op = await signedInClient(db, OPERATOR);
  const o = await op.get(`/operatore/posizioni/${p.id}/avviso`);
  assert.equal(o.status, 409);
  await o.body?.cancel();
});

dbTest("loadNoticeInput: RLS decides, printed settings reach the family", async (db) => {
  const p = await seed(db, { instalments: [4000, 4550] });
  await seedNoticeSettings(db, true);
  const chiara = await memberClaims(db, CHIARA, "family");
  const op = await memberClaims(db, OPERATOR, "operator");
  const mine = await db.asUser(chiara, (tx) => loadNoticeInput(tx, p.id));
  assert.ok(mine);
  assert.equal(mine.totalCents, 8550);
  assert.equal(mine.single?.nav, p.navs[0]);
  assert.deepEqual(mine.instalments.map((o) => [o.instalment, o.cents, o.dueOn]), [
    [1, 4000, "2026-12-30"],
    [2, 4550, "2027-01-30"],
  ]);
  assert.deepEqual(mine.debtor, {
    taxCode: "CLMCHR85M41H501Z",
    fullName: "Chiara Colombo",
    address: "Via dei Mulini 12",
    postalCode: "00100",
    city: "Val di Ponte",
    province: "RM",
  });
  assert.equal(mine.cbill, "AB12C");
  assert.deepEqual(mine.postal, {
    account: "000012345678",
    holder: "Comune di Val di Ponte - Servizio Tesoreria",
    authorization: "AUT. 08/5 S3/81 53079 08129.07.20211",
  });
  assert.equal(mine.ente.office, "Ufficio Servizi Scolastici");
  assert.match(mine.ente.taxCode, /^[0-9]{11}$/);
  const staff = await db.asUser(op, (tx) => loadNoticeInput(tx, p.id));
  assert.deepEqual(staff, mine);

  // The family still cannot read billing_settings itself (the Ente's IBAN).
  const direct = await db.asUser(
    chiara,
    (tx) => tx.query("select iban from public.billing_settings"),
  );
  assert.deepEqual(direct, []);

  const otherPerson = await addOtherFamily(db);
  const stranger = await memberClaims(db, OTHER, "family");
  assert.equal(await db.asUser(stranger, (tx) => loadNoticeInput(tx, p.id)), null);
  // A family member without positions reads no settings at all.
  const none = await db.asUser(
    stranger,
    (tx) => tx.query("select * from app.notice_print_settings()"),
  );
  assert.deepEqual(none, []);
  assert.ok(otherPerson);
  const f = await db.asOwner((tx) => demoNoticeFacts(tx));
  assert.ok(f.canteen);
});
