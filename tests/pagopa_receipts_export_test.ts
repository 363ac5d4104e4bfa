/**
 * The receipts for the ragioneria: the list as CSV (audited) and the revenue by service of a
 * range of payment days (Europe/Rome), split across the services of aggregated positions in
 * proportion to their lines, with the receipts that are not revenue counted apart.
 */
import assert from "node:assert/strict";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { revenueReport } from "../lib/pagopa/receipts_by_service_read.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";
import { revenueMonth } from "./helpers/fixtures_revenue.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const NOVEMBER = "dal=2026-11-01&al=2026-11-30";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ")
    .replaceAll("\u00a0", " ");

/** The CSV's rows as objects by header name. */
async function csvRows(res: Response): Promise<Record<string, string>[]> {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.text();
  assert.ok(body.startsWith("\uFEFF"), "UTF-8 with BOM");
  const [head, ...rows] = body.slice(1).trim().split("\r\n").map((l) => l.split(";"));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const cents = (euro: string) => Math.round(Number(euro.replace(",", ".")) * 100);

dbTest("revenue by service of a month: split, instalments, cash, Rome days, apart", async (db) => {
  const f = await revenueMonth(db);
  // Another Ente's receipt of the same month never shows.
  const other = await addOtherTenant(db);
  const [stray] = await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: other,
      receiptRef: "RV-OTHER-1",
      iuv: "02888888888888888",
      amountCents: 999,
      paidAt: "2026-11-10T10:00:00+01:00",
      source: "gpd",
    }])
  );
  assert.ok(stray.ok);

  const claims = await claimsOf(db, PEOPLE.operator, "operator", f.tenantId);
  const report = await db.asUser(
    claims,
    (tx) => revenueReport(tx, { dal: "2026-11-01", al: "2026-11-30" }),
  );
  // A: 4500 + 834 (1167 × 2500/3500) + 833 (1166 × 2500/3500); B: 333 + 333 + 2000 (00:30 on
  // the 1st in Rome). The 1 December payment (00:30 in Rome) is December's.
  assert.deepEqual(
    report.rows.map((r) => [r.title, r.taxonomyCode, r.receipts, r.cents]),
    [
      [f.a.title, "9/0107101TS/", 3, 6167],
      [f.b.title, "9/0107102SP/", 3, 2666],
    ],
  );
  assert.equal(report.receipts, 4);
  assert.equal(report.cents, 8833);
  assert.deepEqual(report.notRevenue, [
    { status: "unmatched", receipts: 1, cents: 1234, settled: 0 },
  ]);

  const c = await signedIn(db, PEOPLE.operator);
  const html = text(await htmlOf(await c.get(`/operatore/ricevute/per-servizio?${NOVEMBER}`)));
  assert.match(html, /<h1>Incassi per servizio<\/h1>/);
  assert.match(html, /<caption>Incassi dal 01\/11\/2026 al 30\/11\/2026<\/caption>/);
  assert.match(html, new RegExp(`<th scope="row">${f.a.title}</th>`));
  assert.match(html, /61,67 €/);
  assert.match(html, /26,66 €/);
  assert.match(html, /Totale incassi<\/th><td class="text-end">4<\/td><td[^>]*>88,33 €/);
  assert.match(
    html,
    /href="\/operatore\/ricevute\?stato=unmatched&dal=2026-11-01&al=2026-11-30">Non abbinata<\/a>: 1 ricevute, 12,34 €/,
  );
  assert.match(
    html,
    /href="\/operatore\/ricevute\/per-servizio\/esporta\?dal=2026-11-01&al=2026-11-30"/,
  );
  assert.doesNotMatch(html, /9,99 €/);

  const table = await csvRows(await c.get(`/operatore/ricevute/per-servizio/esporta?${NOVEMBER}`));
  assert.deepEqual(table.map((r) => [r.Servizio, r["Codice tassonomia"], r.Ricevute, r.Importo]), [
    [f.a.title, "9/0107101TS/", "3", "61,67"],
    [f.b.title, "9/0107102SP/", "3", "26,66"],
    ["Totale incassi", "", "4", "88,33"],
    ["Non incassi: Non abbinata", "", "1", "12,34"],
  ]);

  // The same figures over the API, for the Ente's accounting software.
  const res = await api(
    c,
    "GET",
    "/api/v1/payment-receipts/revenue-by-service?from=2026-11-01&to=2026-11-30",
  );
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.equal(json.from, "2026-11-01");
  assert.equal(json.to, "2026-11-30");
  assert.deepEqual(
    json.rows.map((
      r: { title: string; taxonomy_code: string; receipts: number; amount_cents: number },
    ) => [
      r.title,
      r.taxonomy_code,
      r.receipts,
      r.amount_cents,
    ]),
    [[f.a.title, "9/0107101TS/", 3, 6167], [f.b.title, "9/0107102SP/", 3, 2666]],
  );
  assert.equal(json.amount_cents, 8833);
  assert.deepEqual(json.not_revenue, [
    { status: "unmatched", receipts: 1, amount_cents: 1234, settled: 0 },
  ]);
  const wrong = await api(
    c,
    "GET",
    "/api/v1/payment-receipts/revenue-by-service?from=2026-11-30&to=2026-11-01",
  );
  assert.equal(wrong.status, 422);
  await wrong.body?.cancel();
  const half = await api(c, "GET", "/api/v1/payment-receipts/revenue-by-service?from=2026-11-01");
  assert.equal(half.status, 422);
  await half.body?.cancel();

  const december = text(
    await htmlOf(await c.get("/operatore/ricevute/per-servizio?dal=2026-12-01&al=2026-12-31")),
  );
  assert.match(december, /Totale incassi<\/th><td class="text-end">1<\/td><td[^>]*>25,00 €/);
  const october = text(
    await htmlOf(await c.get("/operatore/ricevute/per-servizio?dal=2026-10-01&al=2026-10-31")),
  );
  assert.match(october, /Nessun incasso in questo periodo/);

  const bad = await htmlOf(
    await c.get("/operatore/ricevute/per-servizio?dal=2026-11-30&al=2026-11-01"),
    422,
  );
  assert.match(bad, /role="alert"/);

  // The other Ente sees its own receipt only.
  const admin = await signedIn(db, OTHER_ADMIN);
  const theirs = text(
    await htmlOf(await admin.get(`/operatore/ricevute/per-servizio?${NOVEMBER}`)),
  );
  assert.match(theirs, /Nessun incasso in questo periodo/);
  assert.match(theirs, /Non abbinata<\/a>: 1 ricevute, 9,99 €/);
});

dbTest("the receipts as CSV for the ragioneria, with the list's filters (audited)", async (db) => {
  const f = await revenueMonth(db);
  const c = await signedIn(db, PEOPLE.operator);

  const list = text(await htmlOf(await c.get(`/operatore/ricevute?${NOVEMBER}`)));
  assert.match(
    list,
    /<a href="\/operatore\/ricevute\/esporta\?dal=2026-11-01&al=2026-11-30">Scarica l'elenco in CSV \(5 ricevute\)<\/a>/,
  );
  assert.match(
    list,
    /<a href="\/operatore\/ricevute\/per-servizio\?dal=2026-11-01&al=2026-11-30">Incassi per servizio<\/a>/,
  );

  const res = await c.get(`/operatore/ricevute/esporta?${NOVEMBER}`);
  assert.match(
    res.headers.get("content-disposition")!,
    /^attachment; filename="ricevute-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const rows = await csvRows(res);
  assert.deepEqual(rows.map((r) => r["Posizione (IUPD)"]), [
    f.iupd.p3,
    f.iupd.p1,
    f.iupd.p2,
    f.iupd.p2,
    "",
  ], "oldest payment first; the unmatched receipt has no position");
  const [first, single, instalment, cash, stray] = rows;
  assert.equal(first["Data pagamento"], "01/11/2026");
  assert.equal(first["Ora pagamento"], "00:30");
  assert.equal(first.Servizi, f.b.title);
  assert.equal(first["Codice tassonomia"], "9/0107102SP/");
  assert.equal(single.Importo, "45,00");
  assert.equal(single.Rata, "Unica soluzione");
  assert.equal(single.Pagatore, "Chiara Colombo");
  assert.equal(single["Codice fiscale pagatore"], "CLMCHR88M61D612P");
  assert.equal(single.Canale, "pagoPA");
  assert.equal(single["PSP o modalità"], "Banca Demo");
  assert.equal(single.Stato, "Abbinata");
  assert.equal(single.Incasso, "Sì");
  assert.match(single["Codice avviso"], /^3\d{17}$/);
  assert.equal(single["Codice avviso"].slice(1), single.IUV);
  assert.equal(instalment.Rata, "2 di 3");
  assert.equal(instalment.Importo, "11,67");
  assert.equal(instalment.Servizi, [f.a.title, f.b.title].sort().join(", "));
  assert.equal(instalment["Codice tassonomia"], "9/0107101TS/, 9/0107102SP/");
  assert.equal(cash.Rata, "1 di 3");
  assert.equal(cash.Canale, "Fuori pagoPA");
  assert.equal(cash["PSP o modalità"], "Contanti (fuori pagoPA)");
  assert.equal(cash["Registrata da"], f.operatorName);
  assert.equal(stray.Stato, "Non abbinata");
  assert.equal(stray.Incasso, "No");
  assert.equal(stray.Pagatore, "Mario Bianchi");
  assert.equal(stray.Esito, "");
  // The receipts counted as revenue add up to the revenue by service's total.
  const revenue = rows.filter((r) => r.Incasso === "Sì").reduce((s, r) => s + cents(r.Importo), 0);
  assert.equal(revenue, 8833);

  const matched = await csvRows(
    await c.get(`/operatore/ricevute/esporta?stato=matched&${NOVEMBER}`),
  );
  assert.equal(matched.length, 4);
  const bad = await c.get("/operatore/ricevute/esporta?dal=ieri");
  assert.equal(bad.status, 422);
  await bad.body?.cancel();

  const [audit] = await db.asOwner((tx) =>
    tx.query<{ n: number; rows: number[] }>(
      `select count(*)::int as n, array_agg((details ->> 'rows')::int order by id) as rows
         from public.audit_log where action = 'export' and entity = 'payment_receipts'`,
    )
  );
  assert.equal(audit.n, 2, "each export is audited");
  assert.deepEqual(audit.rows, [5, 4]);
});

dbTest("families and teachers reach neither the export nor the revenue by service", async (db) => {
  for (const email of [PEOPLE.family, PEOPLE.ferrari]) {
    const c = await signedIn(db, email);
    for (const path of ["/operatore/ricevute/esporta", "/operatore/ricevute/per-servizio"]) {
      const res = await c.get(path);
      assert.equal(res.status, 403, `${email} ${path}`);
      await res.body?.cancel();
    }
  }
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where action = 'export'",
    )
  );
  assert.equal(audit.n, 0);
});
