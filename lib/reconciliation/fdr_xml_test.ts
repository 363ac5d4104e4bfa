import assert from "node:assert/strict";
import { flowInconsistencies, parseFlowXml } from "./fdr_xml.ts";

const sample = (name: string) =>
  Deno.readTextFileSync(new URL(`./testdata/${name}`, import.meta.url));

Deno.test("fdr xml: the official SANP example is read exactly", async () => {
  const r = await parseFlowXml(sample("FlussoRiversamento_SANP_example.xml"));
  assert.ok(r.ok, JSON.stringify(r));
  const f = r.flow;
  assert.equal(f.flow_ref, "2021-11-21ABI00000-AABB648200001295");
  assert.equal(f.regulation_ref, "Bonifico SEPA-00000-AABB0");
  assert.equal(f.regulation_date, "2021-11-21");
  // 00:37:32 in Rome (winter time) is 23:37:32Z of the day before.
  assert.equal(f.flow_at, "2021-11-21T23:37:32.000Z");
  assert.equal(f.psp_id, "ABI00000");
  assert.equal(f.psp_name, "BANCO DI XXXXXXXX SPA");
  assert.equal(f.receiver_id, "77777777777");
  assert.equal(f.declared_count, 1);
  assert.equal(f.declared_cents, 123456);
  assert.deepEqual(f.payments, [{
    idx: 1,
    iuv: "12210209926737900",
    iur: "2130101502302932577",
    transfer_index: 1,
    amount_cents: 123456,
    outcome_code: 0,
    outcome_date: "2021-11-21",
  }]);
  assert.deepEqual(flowInconsistencies(f), []);
});

Deno.test("fdr xml: the authored canteen flow has two payments adding up", async () => {
  const r = await parseFlowXml(sample("FlussoRiversamento_mensa.xml"));
  assert.ok(r.ok);
  assert.deepEqual(r.flow.payments.map((p) => [p.iuv, p.amount_cents]), [
    ["02250900000000152", 8550],
    ["02250900000000253", 4000],
  ]);
  assert.equal(r.flow.declared_cents, 12550);
});

Deno.test("fdr xml: a flow against the schema is refused with xmllint's reason", async () => {
  const bad = sample("FlussoRiversamento_mensa.xml").replace(
    "<singoloImportoPagato>85.50</singoloImportoPagato>",
    "<singoloImportoPagato>85,50</singoloImportoPagato>",
  );
  const r = await parseFlowXml(bad);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.errors[0].it, /FlussoRiversamento 1\.0\.4.*singoloImportoPagato/);
  const notFlow = await parseFlowXml("<fattura/>");
  assert.equal(notFlow.ok, false);
  if (!notFlow.ok) assert.match(notFlow.errors[0].it, /non è un flusso di rendicontazione/);
  const broken = await parseFlowXml("<FlussoRiversamento xmlns='x'><a></FlussoRiversamento>");
  assert.equal(broken.ok, false);
});

Deno.test("fdr xml: declared totals that do not add up are reported", async () => {
  const r = await parseFlowXml(
    sample("FlussoRiversamento_mensa.xml").replace(
      "<importoTotalePagamenti>125.50</importoTotalePagamenti>",
      "<importoTotalePagamenti>130.00</importoTotalePagamenti>",
    ).replace("<numeroTotalePagamenti>2<", "<numeroTotalePagamenti>3<"),
  );
  assert.ok(r.ok);
  const notes = flowInconsistencies(r.flow).map((m) => m.it);
  assert.deepEqual(notes, [
    "Il flusso dichiara 3 pagamenti ma ne contiene 2.",
    "Il totale dichiarato (130.00) non è la somma dei pagamenti (125.50).",
  ]);
});
