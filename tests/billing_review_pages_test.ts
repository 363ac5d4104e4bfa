/**
 * The office reviews a billing run in the back office: list, totals by service, site and payer,
 * comparison with the previous run, problems, lines with filters; adds, changes and deletes
 * lines with a reason (audited); approves; after approval nothing changes; issue needs the
 * pagoPA settings; positions appear with their notices.
 */
import assert from "node:assert/strict";
import { htmlOf, postAndFollow } from "./helpers/app.ts";
import { setupReview } from "./helpers/billing_review_setup.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ");

dbTest("billing review: totals, comparison, problems and filtered lines", async (db) => {
  const s = await setupReview(db);
  const c = await signedIn(db, PEOPLE.operator);
  const list = text(await htmlOf(await c.get("/operatore/fatturazione")));
  assert.match(list, /Elaborazioni di fatturazione/);
  assert.match(list, new RegExp(`href="/operatore/fatturazione/${s.runId}">Ottobre 2026`));
  assert.match(list, />Da verificare</);
  assert.match(list, />Emessa</);
  assert.match(list, /81,00 €/);

  const page = text(await htmlOf(await c.get(`/operatore/fatturazione/${s.runId}`)));
  assert.match(page, /<h1>Elaborazione n\. 902: Ottobre 2026<\/h1>/);
  assert.match(page, /2 righe, 2 pagatori, totale 81,00 €/);
  assert.match(page, /<caption>Totali per servizio<\/caption>/);
  assert.match(page, /Confronto con l'elaborazione n\. 901 \(Settembre 2026\)/);
  // September 70,00 € → October 81,00 €: +11,00 €, +15,7 %.
  assert.match(
    page,
    /70,00 €<\/td><td class="text-end">81,00 €<\/td><td class="text-end">11,00 €<\/td><td class="text-end">\+15,7%/,
  );
  assert.match(page, /Problemi \(1\)/);
  assert.match(page, /Nessuna tariffa assegnata per ottobre 2026\./);
  assert.match(page, new RegExp(`href="/operatore/iscrizioni/${s.enrollments[2]}"`));
  assert.match(page, /C'è 1 problema: se approvi, quell'iscrizione non viene fatturata/);
  assert.match(page, /10 pasti a 4,50 €/);
  assert.match(page, /data-run-status="computed"/);
  assert.match(page, /name="action" value="approve"/);

  const filtered = text(
    await htmlOf(
      await c.get(
        `/operatore/fatturazione/${s.runId}?payer=${encodeURIComponent(s.payerNames[1])}`,
      ),
    ),
  );
  assert.match(filtered, /Righe trovate: 1/);
  assert.match(filtered, /36,00 €/);
  const none = text(await htmlOf(await c.get(`/operatore/fatturazione/${s.runId}?kind=credit`)));
  assert.match(none, /Righe trovate: 0/);

  const family = await signedIn(db, PEOPLE.family);
  const refused = await family.get(`/operatore/fatturazione/${s.runId}`);
  assert.notEqual(refused.status, 200);
  await refused.body?.cancel();
});

dbTest(
  "billing review: lines added, changed, deleted with a reason; then approved and frozen",
  async (db) => {
    const s = await setupReview(db);
    const c = await signedIn(db, PEOPLE.operator);
    const base = `/operatore/fatturazione/${s.runId}`;

    const form = text(
      await htmlOf(await c.get(`${base}/righe/nuova?iscrizione=${s.enrollments[0]}`)),
    );
    assert.match(form, new RegExp(`<option value="${s.enrollments[0]}" selected`));

    const bad = await c.postForm(`${base}/righe/nuova`, {
      kind: "credit",
      enrollment_id: s.enrollments[0],
      amount: "-3",
      description: "Rimborso gita",
      reason: "no",
    });
    const badHtml = text(await htmlOf(bad, 422));
    assert.match(badHtml, /role="alert"/);
    assert.match(badHtml, /href="#amount"/);
    assert.match(badHtml, /Indica il motivo \(almeno 5 caratteri\)/);
    assert.match(badHtml, /id="reason"[^>]*aria-invalid="true"/);

    const added = await postAndFollow(c, `${base}/righe/nuova`, {
      kind: "credit",
      enrollment_id: s.enrollments[0],
      amount: "5,00",
      description: "Rimborso gita annullata",
      reason: "Gita del 12 ottobre annullata dalla scuola",
    });
    assert.match(added.location, /\?riga=1/);
    assert.match(text(added.page), /3 righe, 2 pagatori, totale 76,00 €/);
    assert.match(text(added.page), /Gita del 12 ottobre annullata dalla scuola/);

    const unchanged = await c.postForm(`${base}/righe/${s.lineIds[1]}`, {
      action: "update",
      amount: "36,00",
      description: "Mensa: 8 pasti",
      reason: "Nessun cambio",
    });
    assert.match(text(await htmlOf(unchanged, 422)), /Cambia l'importo o la descrizione/);
    const changed = await postAndFollow(c, `${base}/righe/${s.lineIds[1]}`, {
      action: "update",
      amount: "31,50",
      description: "Mensa: 7 pasti",
      reason: "Un pasto registrato per errore il 3 ottobre",
    });
    assert.match(text(changed.page), /totale 71,50 €/);

    const noReason = await c.postForm(`${base}/righe/${s.lineIds[0]}`, {
      action: "delete",
      delete_reason: "",
    });
    assert.match(text(await htmlOf(noReason, 422)), /href="#delete_reason"/);
    const deleted = await postAndFollow(c, `${base}/righe/${s.lineIds[0]}`, {
      action: "delete",
      delete_reason: "Iscrizione ritirata a settembre",
    });
    assert.match(text(deleted.page), /totale 26,50 €/);
    const withDeleted = text(await htmlOf(await c.get(`${base}?eliminate=on`)));
    assert.match(withDeleted, /Eliminata: Iscrizione ritirata a settembre/);
    assert.match(withDeleted, new RegExp(`href="${base}/esporta\\?eliminate=on"`));

    // The lines as CSV with the page's filters: the office's lines say who changed what and why.
    const csvRes = await c.get(`${base}/esporta?eliminate=on`);
    assert.equal(csvRes.status, 200);
    assert.match(csvRes.headers.get("content-type")!, /^text\/csv; charset=utf-8/);
    assert.match(csvRes.headers.get("content-disposition")!, /elaborazione-902-righe\.csv/);
    const csv = await csvRes.text();
    assert.ok(csv.startsWith("\uFEFFPagatore;Codice fiscale;Beneficiario;Servizio;"));
    const [head, ...rows] = csv.slice(1).trim().split("\r\n").map((r) => r.split(";"));
    assert.equal(rows.length, 3, "two computed lines and the office's credit, one deleted");
    const cell = (r: string[], name: string) => r[head.indexOf(name)];
    const credit = rows.find((r) => cell(r, "Descrizione") === "Rimborso gita annullata")!;
    assert.equal(cell(credit, "Importo"), "-5,00");
    assert.equal(cell(credit, "Tipo"), "Accredito");
    assert.equal(cell(credit, "Origine"), "Inserita dall'ufficio");
    assert.equal(
      cell(credit, "Motivo della modifica"),
      "Gita del 12 ottobre annullata dalla scuola",
    );
    const changedRow = rows.find((r) => cell(r, "Descrizione") === "Mensa: 7 pasti")!;
    assert.equal(cell(changedRow, "Importo"), "31,50");
    assert.equal(cell(changedRow, "Periodo dal"), "01/10/2026");
    assert.equal(
      cell(changedRow, "Motivo della modifica"),
      "Un pasto registrato per errore il 3 ottobre",
    );
    const deletedRow = rows.find((r) => cell(r, "Motivo dell'eliminazione") !== "")!;
    assert.equal(cell(deletedRow, "Motivo dell'eliminazione"), "Iscrizione ritirata a settembre");
    assert.match(cell(deletedRow, "Eliminata il"), /^\d{2}\/\d{2}\/\d{4}$/);
    // Without the deleted ones, as the page without the filter; filtered by payer.
    const live = await (await c.get(`${base}/esporta`)).text();
    assert.equal(live.trim().split("\r\n").length, 1 + 2);
    const one = await (
      await c.get(`${base}/esporta?payer=${encodeURIComponent(s.payerNames[1])}`)
    ).text();
    assert.equal(one.trim().split("\r\n").length, 1 + 1);
    const [exported] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.audit_log
          where tenant_id = $1 and action = 'export' and entity = 'billing_runs' and entity_id = $2`,
        [s.tenantId, s.runId],
      )
    );
    assert.equal(exported.n, 3, "every export is audited");
    const family = await signedIn(db, PEOPLE.family);
    const refused = await family.get(`${base}/esporta`);
    assert.notEqual(refused.status, 200);
    await refused.body?.cancel();
    const unknown = await c.get(`/operatore/fatturazione/${crypto.randomUUID()}/esporta`);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();

    const audit = await db.asOwner((tx) =>
      tx.query<{ action: string; reason: string | null }>(
        `select action, coalesce(after ->> 'reason', after ->> 'delete_reason') as reason
         from public.audit_log where entity = 'charge_lines' and tenant_id = $1 order by id`,
        [s.tenantId],
      )
    );
    assert.deepEqual(audit.map((a) => a.reason), [
      "Gita del 12 ottobre annullata dalla scuola",
      "Un pasto registrato per errore il 3 ottobre",
      "Iscrizione ritirata a settembre",
    ]);

    const approved = await postAndFollow(c, base, { action: "approve" });
    assert.match(approved.location, /approvata=1/);
    assert.match(text(approved.page), /Elaborazione approvata\./);
    assert.match(text(approved.page), />Approvata</);
    assert.doesNotMatch(approved.page, /righe\/nuova/);

    const frozen = text(await htmlOf(await c.get(`${base}/righe/${s.lineIds[1]}`)));
    assert.match(frozen, /non è più in verifica/);
    const late = await c.postForm(`${base}/righe/${s.lineIds[1]}`, {
      action: "update",
      amount: "1,00",
      description: "Mensa",
      reason: "Tentativo dopo l'approvazione",
    });
    assert.match(text(await htmlOf(late, 409)), /Le correzioni vanno nella prossima elaborazione/);
    const lateAdd = await c.postForm(`${base}/righe/nuova`, {
      kind: "debit",
      enrollment_id: s.enrollments[0],
      amount: "1,00",
      description: "Tardiva",
      reason: "Tentativo dopo l'approvazione",
    });
    assert.equal(lateAdd.status, 409);
    await lateAdd.body?.cancel();
    const [{ amount }] = await db.asOwner((tx) =>
      tx.query<{ amount: number }>(
        `select amount_cents as amount from charge_lines where id = $1`,
        [
          s.lineIds[1],
        ],
      )
    );
    assert.equal(amount, 3150);

    // Issue needs an account pagoPA can credit.
    const noSettings = await c.postForm(base, { action: "issue" });
    assert.match(
      text(await htmlOf(noSettings, 422)),
      /Configura prima le impostazioni pagoPA dell'Ente/,
    );
    await postAndFollow(c, "/operatore/fatturazione/impostazioni", {
      segregation_code: "02",
      iban: "IT60X0542811101000000123456",
      position_grouping: "per_service",
      due_days: "30",
      gpd_enabled: "on",
    });
    const issuing = await postAndFollow(c, base, { action: "issue" });
    assert.match(text(issuing.page), /Emissione avviata/);
    assert.match(text(issuing.page), />In emissione</);
  },
);

dbTest("billing review: a run in review is cancelled; positions list and detail", async (db) => {
  const s = await setupReview(db);
  const c = await signedIn(db, PEOPLE.operator);
  const cancelled = await postAndFollow(c, `/operatore/fatturazione/${s.runId}`, {
    action: "cancel",
  });
  assert.match(text(cancelled.page), /Elaborazione annullata\./);
  assert.match(text(cancelled.page), />Annullata</);

  const positionId = await db.asOwner(async (tx) => {
    const [p] = await tx.query<{ id: string }>(
      `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
         period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
       select tenant_id, $1, 'PZ-TEST-000001', payer_id, service_id, '2026-09-01', '2026-09-30',
              'Mensa settembre 2026 - Sofia', 4000, '9/0107101TS/',
              '{"fiscal_code": "CLMCHR85M41D612X", "full_name": "Chiara Colombo"}', 'failed'
         from public.charge_lines where run_id = $1 order by amount_cents desc limit 1
       returning id`,
      [s.previousRunId],
    );
    await tx.query(
      `update public.debt_positions set gpd_error = 'GPD 400: invalid fiscal code' where id = $1`,
      [p.id],
    );
    await tx.query(
      `update public.charge_lines set debt_position_id = $1
        where run_id = $2 and amount_cents = 4000`,
      [p.id, s.previousRunId],
    );
    for (
      const [i, base, cents, due] of [
        [0, 7001, 4000, "2026-10-31"],
        [1, 7002, 2000, "2026-10-31"],
        [2, 7003, 2000, "2026-11-30"],
      ] as const
    ) {
      await tx.query(
        `insert into public.payment_notices (tenant_id, debt_position_id, instalment,
           notice_number, iuv, amount_cents, due_on)
         select tenant_id, id, $2, app.notice_number('02', $3), substr(app.notice_number('02', $3), 2), $4, $5
           from public.debt_positions where id = $1`,
        [p.id, i, base, cents, due],
      );
    }
    return p.id;
  });
  const list = text(await htmlOf(await c.get(`/operatore/posizioni?run_id=${s.previousRunId}`)));
  assert.match(list, /Posizioni trovate: 1, per 40,00 €/);
  assert.match(list, /Mensa settembre 2026 - Sofia/);
  assert.match(list, />Errore</);
  const filtered = text(await htmlOf(await c.get(`/operatore/posizioni?status=paid`)));
  assert.doesNotMatch(filtered, /PZ-TEST-000001|Mensa settembre 2026 - Sofia/);

  const detail = text(await htmlOf(await c.get(`/operatore/posizioni/${positionId}`)));
  assert.match(detail, /Posizione debitoria PZ-TEST-000001/);
  assert.match(detail, /GPD 400: invalid fiscal code/);
  assert.match(detail, /Pagamento unico/);
  assert.match(detail, /Rata 2/);
  assert.match(detail, /3020 0000 0000 7001 \d\d/);
  assert.match(detail, /10 pasti a 4,50 €/);
  assert.match(detail, new RegExp(`href="/operatore/posizioni/${positionId}/avviso"`));
  assert.match(detail, /Nessun pagamento ricevuto\./);
});
