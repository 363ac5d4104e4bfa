/**
 * The pagoPA settings of the Ente and of each service in the back office, and the new-run form:
 * errors per field in Italian, nothing stored until all is valid, changes audited.
 */
import assert from "node:assert/strict";
import { htmlOf, postAndFollow } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&amp;", "&");

dbTest(
  "billing settings: the Ente's form refuses bad input field by field, then saves",
  async (db) => {
    const c = await signedIn(db, PEOPLE.operator);
    const first = text(await htmlOf(await c.get("/operatore/fatturazione/impostazioni")));
    assert.match(first, /Le impostazioni non sono ancora state salvate/);
    assert.match(first, /name="segregation_code"[^>]*value="02"/);
    assert.match(first, /Da configurare/);

    const bad = await c.postForm("/operatore/fatturazione/impostazioni", {
      segregation_code: "2",
      iban: "IT60X0542811101000000123457",
      postal_account: "12345",
      cbill: "A",
      position_grouping: "per_service",
      due_days: "400",
    });
    const html = text(await htmlOf(bad, 422));
    for (const f of ["segregation_code", "iban", "postal_account", "cbill", "due_days"]) {
      assert.match(html, new RegExp(`href="#${f}"`), f);
      assert.match(html, new RegExp(`id="${f}"[^>]*aria-invalid="true"`), f);
    }
    assert.match(html, /Il codice di segregazione è di 2 cifre/);
    assert.match(html, /IBAN non valido/);
    assert.match(html, /Il conto corrente postale è di 12 cifre/);
    const none = await db.asOwner((tx) => tx.query(`select 1 from public.billing_settings`));
    assert.equal(none.length, 0);

    const saved = await postAndFollow(c, "/operatore/fatturazione/impostazioni", {
      segregation_code: "07",
      iban: "it60 x054 2811 1010 0000 0123 456",
      cbill: "ab123",
      office_name: "Ufficio Servizi Scolastici",
      office_contact: "scuola@comune.valdiponte.example",
      position_grouping: "aggregated",
      due_days: "20",
    });
    assert.match(text(saved.page), /Impostazioni salvate\./);
    assert.match(saved.page, /value="IT60 X054 2811 1010 0000 0123 456"/);
    const [row] = await db.asOwner((tx) =>
      tx.query<Record<string, unknown>>(
        `select segregation_code, iban, cbill, position_grouping, due_days, gpd_enabled
         from public.billing_settings`,
      )
    );
    assert.deepEqual(row, {
      segregation_code: "07",
      iban: "IT60X0542811101000000123456",
      cbill: "AB123",
      position_grouping: "aggregated",
      due_days: 20,
      gpd_enabled: false,
    });
    const audit = await db.asOwner((tx) =>
      tx.query(`select 1 from public.audit_log where entity = 'billing_settings'`)
    );
    assert.equal(audit.length, 1);
  },
);

dbTest("billing settings: a service's mode, taxonomy, instalments and VAT", async (db) => {
  const serviceId = await idOf(db, `select id from public.services where code = 'MENSA'`);
  const c = await signedIn(db, PEOPLE.operator);
  const url = `/operatore/fatturazione/impostazioni/${serviceId}`;
  const form = text(await htmlOf(await c.get(url)));
  assert.match(form, /<option value="9\/0107101TS\/" selected>9\/0107101TS\/ — Mense scolastiche/);

  const bad = await c.postForm(url, {
    mode: "invoice",
    taxonomy_code: "9/0107101TS/",
    instalments: "20",
    min_notice: "cinque",
    vat_nature: "",
    vat_rate: "",
  });
  const html = text(await htmlOf(bad, 422));
  assert.match(html, /Le rate vanno da 1 \(pagamento unico\) a 12\./);
  assert.match(html, /Importo minimo non valido/);
  assert.match(html, /Per la fattura indica l'aliquota IVA oppure la natura dell'esenzione\./);

  const ok = await postAndFollow(c, url, {
    mode: "notice",
    taxonomy_code: "9/0107101TS/",
    instalments: "2",
    min_notice: "5,00",
    vat_nature: "",
    vat_rate: "",
  });
  assert.match(text(ok.page), /Impostazioni salvate\./);
  assert.match(ok.page, /Avviso pagoPA/);
  const [row] = await db.asOwner((tx) =>
    tx.query<Record<string, unknown>>(
      `select mode, taxonomy_code, instalments, min_notice_cents from public.service_billing
        where service_id = $1`,
      [serviceId],
    )
  );
  assert.deepEqual(row, {
    mode: "notice",
    taxonomy_code: "9/0107101TS/",
    instalments: 2,
    min_notice_cents: 500,
  });
});

dbTest("new run: the month form creates a queued run named after the month", async (db) => {
  const serviceId = await idOf(db, `select id from public.services where code = 'MENSA'`);
  const c = await signedIn(db, PEOPLE.operator);
  const form = text(await htmlOf(await c.get("/operatore/fatturazione/nuova")));
  assert.match(form, /name="month"[^>]*type="month"[^>]*value="2026-\d\d"/);
  assert.match(form, new RegExp(`value="${serviceId}" checked`));

  const bad = await c.postForm("/operatore/fatturazione/nuova", {
    kind: "month",
    month: "ottobre",
  });
  const badHtml = text(await htmlOf(bad, 422));
  assert.match(badHtml, /Scegli il mese da fatturare/);
  assert.match(badHtml, /Scegli almeno un servizio da fatturare\./);

  const created = await postAndFollow(c, "/operatore/fatturazione/nuova", [
    ["kind", "month"],
    ["month", "2026-10"],
    ["service_ids", serviceId],
    ["label", ""],
  ]);
  assert.match(created.location, /^\/operatore\/fatturazione\/[0-9a-f-]{36}\?creata=1$/);
  assert.match(text(created.page), /Ottobre 2026/);
  assert.match(text(created.page), /Elaborazione creata: il calcolo è partito\./);
  const [run] = await db.asOwner((tx) =>
    tx.query<{ period_start: string; period_end: string; status: string }>(
      `select period_start::text, period_end::text, status from public.billing_runs
        where label = 'Ottobre 2026'`,
    )
  );
  assert.deepEqual(run, { period_start: "2026-10-01", period_end: "2026-10-31", status: "queued" });

  // The same services and period again: refused while the first is not issued.
  const again = await c.postForm("/operatore/fatturazione/nuova", [
    ["kind", "month"],
    ["month", "2026-10"],
    ["service_ids", serviceId],
  ]);
  assert.match(text(await htmlOf(again, 409)), /non è ancora emessa: completala o annullala prima/);
});

dbTest(
  "billing settings: the Ente's rule of decadenza, the law's by default, saved and refused",
  async (db) => {
    const c = await signedIn(db, PEOPLE.operator);
    const url = "/operatore/fatturazione/impostazioni";
    const first = text(await htmlOf(await c.get(url)));
    assert.match(first, /Rateizzazioni: regola di decadenza/);
    assert.match(
      first,
      /Se il regolamento dell'Ente non dice altro vale la legge: due rate consecutive non pagate, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\)\./,
    );
    assert.match(
      first,
      /Regola in uso: il mancato pagamento di due rate consecutive, dopo un sollecito espresso \(L\. 160\/2019, art\. 1 c\. 800\)/,
    );
    assert.match(first, /name="lapse_missed_instalments"[^>]*value="2"/);
    assert.match(first, /name="lapse_consecutive" type="radio" value="true" checked/);
    assert.match(first, /name="lapse_consecutive" type="radio" value="false"\/?>/);
    assert.match(first, /<label for="lapse_consecutive-false">Anche non consecutive<\/label>/);
    assert.match(first, /name="lapse_window_months" type="number" class="form-control" value min=/);
    assert.match(first, /name="lapse_after_reminder" type="radio" value="true" checked/);
    assert.match(first, /Sì, dopo un sollecito espresso/);

    const fields = {
      segregation_code: "02",
      iban: "IT60X0542811101000000123456",
      position_grouping: "per_service",
      due_days: "30",
      gpd_enabled: "on",
      reminder_min_days: "15",
    };
    const stored = () =>
      db.asOwner((tx) =>
        tx.query<Record<string, unknown>>(
          `select lapse_missed_instalments, lapse_consecutive, lapse_window_months,
                  lapse_after_reminder
             from public.billing_settings`,
        )
      );

    // 13 instalments: refused beside the field, what was typed kept, nothing saved.
    const tooMany = text(
      await htmlOf(
        await c.postForm(url, {
          ...fields,
          lapse_missed_instalments: "13",
          lapse_consecutive: "false",
          lapse_window_months: "6",
          lapse_after_reminder: "false",
        }),
        422,
      ),
    );
    assert.match(tooMany, /href="#lapse_missed_instalments"/);
    assert.match(
      tooMany,
      /id="lapse_missed_instalments"[^>]*value="13"[^>]*aria-invalid="true"[^>]*aria-describedby="lapse_missed_instalments-hint lapse_missed_instalments-error"/,
    );
    assert.match(
      tooMany,
      /id="lapse_missed_instalments-error">Le rate non pagate che portano alla decadenza vanno da 1 a 12\.</,
    );
    assert.match(tooMany, /name="lapse_consecutive" type="radio" value="false" checked/);
    assert.doesNotMatch(tooMany, /name="lapse_consecutive" type="radio" value="true" checked/);
    assert.match(tooMany, /name="lapse_window_months"[^>]*value="6"/);
    assert.match(tooMany, /name="lapse_after_reminder" type="radio" value="false" checked/);
    // The rule in use is the saved one (the law's), not the typed one.
    assert.match(tooMany, /Regola in uso: il mancato pagamento di due rate consecutive/);
    assert.deepEqual(await stored(), []);

    // Months with consecutive instalments: refused beside the months.
    const window = text(
      await htmlOf(
        await c.postForm(url, {
          ...fields,
          lapse_missed_instalments: "2",
          lapse_consecutive: "true",
          lapse_window_months: "6",
          lapse_after_reminder: "true",
        }),
        422,
      ),
    );
    assert.match(window, /href="#lapse_window_months"/);
    assert.match(
      window,
      /id="lapse_window_months"[^>]*value="6"[^>]*aria-invalid="true"/,
    );
    assert.match(
      window,
      /id="lapse_window_months-error">I mesi si indicano solo per rate anche non consecutive: per rate consecutive lascia vuoto\.</,
    );
    assert.match(window, /name="lapse_consecutive" type="radio" value="true" checked/);
    assert.deepEqual(await stored(), []);

    const saved = await postAndFollow(c, url, {
      ...fields,
      lapse_missed_instalments: "3",
      lapse_consecutive: "false",
      lapse_window_months: "6",
      lapse_after_reminder: "false",
    });
    const page = text(saved.page);
    assert.match(page, /Impostazioni salvate\./);
    assert.match(
      page,
      /Regola in uso: il mancato pagamento di tre rate, anche non consecutive, nell'arco di sei mesi \(regolamento dell'Ente\)/,
    );
    assert.match(page, /name="lapse_missed_instalments"[^>]*value="3"/);
    assert.match(page, /name="lapse_consecutive" type="radio" value="false" checked/);
    assert.match(page, /name="lapse_window_months"[^>]*value="6"/);
    assert.match(page, /name="lapse_after_reminder" type="radio" value="false" checked/);
    assert.deepEqual(await stored(), [{
      lapse_missed_instalments: 3,
      lapse_consecutive: false,
      lapse_window_months: 6,
      lapse_after_reminder: false,
    }]);
  },
);
