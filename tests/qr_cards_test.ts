/**
 * QR cards and scans: the PDF has one card per child and each QR decodes to a token that verifies
 * to that child's enrollment; a scan records a presence once ("già registrato" after), shows the
 * name and the diet alert, refuses forged cards and children out of the scanner's reach.
 */
import assert from "node:assert/strict";
import jsQRModule from "jsqr";
import { PDFDocument } from "pdf-lib";
import { cardHolders, qrMatrix } from "../lib/attendance/cards.ts";
import { signCardToken, verifyCardToken } from "../lib/attendance/qr.ts";
import type { Db } from "../lib/db/types.ts";
import { TEST_SECRET } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { demoTenant } from "./helpers/second_tenant.ts";

type Decode = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ??
  (jsQRModule as unknown as Decode);
const SECRET = new TextEncoder().encode(TEST_SECRET);

/** Rasterizes a QR matrix (4 px per module, quiet zone) and decodes it as a camera would. */
function decode(matrix: boolean[][]): string | null {
  const scale = 4;
  const n = matrix.length + 8;
  const size = n * scale;
  const px = new Uint8ClampedArray(size * size * 4).fill(255);
  matrix.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + 4) * scale + y) * size + (c + 4) * scale + x) * 4;
          px[i] = px[i + 1] = px[i + 2] = 0;
        }
      }
    })
  );
  return jsQR(px, size, size)?.data ?? null;
}

const classOf = (db: Db, name: string) =>
  idOf(db, "select id from classes where name = $1 order by created_at limit 1", [name]);
const mensa = (db: Db) => idOf(db, "select id from services where code = 'MENSA'");
const enrollmentOf = (db: Db, cf: string) =>
  idOf(
    db,
    `select e.id from enrollments e join people p on p.id = e.beneficiary_id
       join services s on s.id = e.service_id where p.tax_code = $1 and s.code = 'MENSA'`,
    [cf],
  );

dbTest("QR cards: one page per child, each QR decodes to that child's signed token", async (db) => {
  const a = await demoTenant(db);
  const op = await signedIn(db, PEOPLE.operator);
  const serviceId = await mensa(db);
  const classId = await classOf(db, "2A");
  const res = await op.get(
    `/operatore/presenze/tessere?service_id=${serviceId}&class_id=${classId}`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  const pdf = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
  const holders = await db.asUser(
    {
      sub: a.users.operator,
      role: "authenticated",
      app_metadata: { tenant_id: a.tenantId, roles: ["operator"] },
    } as never,
    (tx) => cardHolders(tx, { serviceId, classId, day: "2026-11-26" }),
  );
  assert.deepEqual(holders.map((h) => h.surname), ["D'Angelo", "El Amrani", "Moretti"]);
  assert.equal(pdf.getPageCount(), holders.length);
  for (const h of holders) {
    const token = await signCardToken(SECRET, {
      tenantId: a.tenantId,
      enrollmentId: h.enrollment_id,
    });
    const read = decode(qrMatrix(token));
    assert.equal(read, token);
    assert.deepEqual(await verifyCardToken(SECRET, read!), {
      ok: true,
      tenantId: a.tenantId,
      enrollmentId: h.enrollment_id,
    });
    assert.ok(!token.includes("LMRMRO"), "no codice fiscale in the QR");
  }
  const whole = await op.get(`/operatore/presenze/tessere?service_id=${serviceId}`);
  assert.equal(whole.status, 200);
  const [all] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.enrollments
        where service_id = $1 and withdrawn_on is null`,
      [serviceId],
    )
  );
  assert.equal(
    (await PDFDocument.load(new Uint8Array(await whole.arrayBuffer()))).getPageCount(),
    all.n,
  );
  const audit = await db.asOwner((tx) =>
    tx.query("select 1 from audit_log where entity = 'attendance_cards'")
  );
  assert.equal(audit.length, 2);
  assert.equal((await op.get("/operatore/presenze/tessere?service_id=x")).status, 400);
  // The office's day view of the class lists the children with their marks.
  const day = await op.get(`/operatore/presenze?classe=${classId}&giorno=2026-11-26`);
  const html = await day.text();
  assert.equal(day.status, 200, html.slice(0, 500));
  assert.match(html, /<caption>[^<]*2A/);
  assert.match(html, /El Amrani Omar/);
  assert.match(html, /href="\/operatore\/presenze\/importa"/);
  const teacher = await signedIn(db, PEOPLE.ferrari);
  assert.equal(
    (await teacher.get(`/operatore/presenze/tessere?service_id=${serviceId}`)).status,
    403,
  );
});

dbTest(
  "QR scan: recorded once, then già registrato; forged and foreign cards refused",
  async (db) => {
    const a = await demoTenant(db);
    const omar = await enrollmentOf(db, "LMRMRO19M15D612T");
    const leonardo = await enrollmentOf(db, "BRBLRD16L30D612Z");
    const token = await signCardToken(SECRET, { tenantId: a.tenantId, enrollmentId: omar });
    const t = await signedIn(db, PEOPLE.ferrari);
    const scan = async (c: typeof t, path: string, body: unknown, status = 200) => {
      const res = await api(c, "POST", path, body);
      const text = await res.text();
      assert.equal(res.status, status, text);
      assert.match(res.headers.get("content-type")!, /json/);
      return JSON.parse(text);
    };
    // Scanned offline on Thursday morning, synced now.
    const at = "2026-11-26T07:40:00.000Z";
    const first = await scan(t, "/docenti/scansione/registra", { token, scanned_at: at });
    assert.equal(first.outcome, "recorded");
    assert.equal(first.day, "2026-11-26");
    assert.equal(first.child.name, "Omar");
    assert.equal(first.child.diet.name, "Senza carne di maiale");
    assert.equal(first.child.alert, null, "a religious diet is not a medical alert");
    const second = await scan(t, "/docenti/scansione/registra", { token, scanned_at: at });
    assert.equal(second.outcome, "already");
    assert.match(second.message.it, /Già registrato/);
    const [row] = await db.asOwner((tx) =>
      tx.query<{ status: string; source: string; marked_at: string }>(
        "select status, source, marked_at from attendance_marks where enrollment_id = $1",
        [omar],
      )
    );
    assert.equal(row.status, "present");
    assert.equal(row.source, "scan", "a teacher's scan keeps its channel");
    assert.equal(new Date(row.marked_at).toISOString(), at);

    // Another class's child: the card is genuine but out of reach.
    const other = await signCardToken(SECRET, { tenantId: a.tenantId, enrollmentId: leonardo });
    const out = await scan(t, "/docenti/scansione/registra", { token: other, scanned_at: at });
    assert.equal(out.outcome, "rejected");
    assert.equal(out.child, null);
    // Forged, typed wrong, another server's secret.
    const forged = token.slice(0, 20) + (token[20] === "A" ? "B" : "A") + token.slice(21);
    assert.equal(
      (await scan(t, "/docenti/scansione/registra", { token: forged }, 422)).outcome,
      "invalid",
    );
    assert.equal(
      (await scan(t, "/docenti/scansione/registra", { nope: 1 }, 422)).outcome,
      "invalid",
    );

    // The office scans with source "scan"; the audit log has the reads.
    const op = await signedIn(db, PEOPLE.operator);
    const byOffice = await scan(op, "/operatore/presenze/scansione/registra", {
      token: other,
      scanned_at: at,
    });
    assert.equal(byOffice.outcome, "recorded");
    assert.equal(byOffice.child.name, "Leonardo");
    const [scanned] = await db.asOwner((tx) =>
      tx.query<{ source: string }>("select source from attendance_marks where enrollment_id = $1", [
        leonardo,
      ])
    );
    assert.equal(scanned.source, "scan");
    const audits = await db.asOwner((tx) =>
      tx.query("select 1 from audit_log where entity = 'attendance_scan'")
    );
    assert.ok(audits.length >= 3);

    // Without JavaScript: the form posts the typed code, the page shows the name.
    const typed = token.match(/.{1,4}/g)!.join(" ").toLowerCase();
    const page = await t.postForm("/docenti/scansione", { token: typed });
    const html = await page.text();
    assert.equal(page.status, 200, html.slice(0, 500));
    assert.match(html, /Omar El Amrani/);
    const family = await signedIn(db, PEOPLE.family);
    assert.equal((await family.get("/docenti/scansione")).status, 403);
  },
);
