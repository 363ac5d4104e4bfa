import assert from "node:assert/strict";
import jsQRModule from "jsqr";
import { PDFDocument } from "pdf-lib";
import { dataMatrixMatrix, dataMatrixPayload } from "./datamatrix.ts";
import type { NoticeInput } from "./notice_data.ts";
import { NOTICE_TEXTS, noticePdf } from "./notice_pdf.ts";
import { planPages } from "./notice_pdf_layout.ts";
import { noticePdfText, pageOperators } from "./notice_pdf_text.ts";
import { formatNoticeNumber, noticeNumber } from "./notice_number.ts";

type Decode = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ??
  (jsQRModule as unknown as Decode);

// Copies of ../shared/specs/pagopa/notice/ (the texts and the reference PDFs' inputs).
const SPECS = new URL("testdata/specs/", import.meta.url);
const STRINGS = JSON.parse(await Deno.readTextFile(new URL("avviso_3.5_stringhe_it.json", SPECS)));
const REFERENCE = JSON.parse(await Deno.readTextFile(new URL("reference-pdfs/inputs.json", SPECS)));

/** The reference scenarios' data, with valid aux-3 numbers instead of pagoPA's aux-4 ones. */
function fromReference(name: string, postal: boolean): NoticeInput {
  const r = REFERENCE.scenarios[name].request.data;
  const ci = REFERENCE.creditorInstitutionStoredServerSide;
  const iso = (d: string | null) => d ? d.split("/").reverse().join("-") : null;
  const d = r.debtor;
  return {
    positionId: crypto.randomUUID(),
    iupd: "PZ-TEST",
    status: "open",
    subject: r.notice.subject,
    totalCents: r.notice.paymentAmount,
    ente: { name: ci.fullName, taxCode: ci.taxCode, office: ci.organization, contact: ci.info },
    debtor: {
      taxCode: d.taxCode,
      fullName: d.fullName,
      address: `${d.address} ${d.buildingNumber}`,
      postalCode: d.postalCode,
      city: d.city,
      province: d.province,
    },
    single: {
      instalment: 0,
      nav: noticeNumber("02", 8800999050),
      cents: r.notice.paymentAmount,
      dueOn: iso(r.notice.dueDate),
    },
    instalments: (r.notice.installments ?? []).map((
      x: { amount: number; dueDate: string },
      i: number,
    ) => ({
      instalment: i + 1,
      nav: noticeNumber("02", 8800999051 + i),
      cents: x.amount,
      dueOn: iso(x.dueDate),
    })),
    cbill: ci.cbill,
    postal: postal
      ? { account: ci.posteAccountNumber, holder: ci.fullName, authorization: ci.posteAuth }
      : undefined,
  };
}

const SCENARIOS: [string, boolean, number][] = [
  ["scenario_ft_01.pdf", false, 1],
  ["scenario_ft_03.pdf", true, 1],
  ["scenario_ft_05.pdf", false, 1],
  ["scenario_ft_09.pdf", false, 1],
  ["scenario_ft_11.pdf", false, 1],
  ["scenario_ft_15.pdf", true, 2],
];

/** The 2D codes drawn on each page, rebuilt as module matrices from their rectangles. */
async function drawnCodes(bytes: Uint8Array): Promise<boolean[][][][]> {
  return (await pageOperators(bytes)).map((ops) => {
    const codes: boolean[][][] = [];
    for (const block of ops.matchAll(/q\s+0 0 0 rg\s+([\s\S]*?)\s+f\s+Q/g)) {
      const rects = [...block[1].matchAll(/(\S+) (\S+) (\S+) (\S+) re/g)].map((m) =>
        m.slice(1, 5).map(Number)
      );
      const m = Math.min(...rects.map((r) => r[3]));
      const x0 = Math.min(...rects.map((r) => r[0]));
      const yTop = Math.max(...rects.map((r) => r[1] + r[3]));
      const n = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - x0) / m);
      const grid = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
      for (const [x, y, w] of rects) {
        const row = Math.round((yTop - y) / m) - 1;
        const col = Math.round((x - x0) / m);
        for (let i = 0; i < Math.round(w / m); i++) grid[row][col + i] = true;
      }
      codes.push(grid);
    }
    return codes;
  });
}

function decodeQr(m: boolean[][]): string | undefined {
  const scale = 4, quiet = 4, size = (m.length + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  m.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + quiet) * scale + y) * size + (c + quiet) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    })
  );
  return jsQR(data, size, size)?.data;
}

Deno.test("fixed texts are the standard's (avviso_3.5_stringhe_it.json)", () => {
  const a = STRINGS.avviso;
  assert.equal(NOTICE_TEXTS.title, a.intestazione.titolo);
  assert.equal(NOTICE_TEXTS.creditor, a.infoEnteCreditore.titolo);
  assert.equal(NOTICE_TEXTS.recipient, a.infoDestinatario.titolo);
  assert.equal(NOTICE_TEXTS.howMuch, a.importoScadenza.titolo);
  assert.equal(NOTICE_TEXTS.amount, a.importoScadenza.importo.importo);
  assert.equal(NOTICE_TEXTS.dueBy, a.importoScadenza.scadenza.scadenza);
  assert.equal(NOTICE_TEXTS.legal, a.importoScadenza.disclaimer.legal);
  assert.equal(
    NOTICE_TEXTS.instalments(3),
    a.importoScadenza.disclaimer.rate.rate.replace("{{Numero}}", "3"),
  );
  assert.equal(
    NOTICE_TEXTS.onlyInstalments(2),
    a.importoScadenza.disclaimer.rate.soloRate.replace("{{Numero}}", "2"),
  );
  assert.equal(NOTICE_TEXTS.where, a.dovePagare.titolo);
  assert.equal(NOTICE_TEXTS.cta, a.dovePagare.cta);
  assert.equal(NOTICE_TEXTS.appTitle, a.dovePagare.italia.online.titolo);
  assert.equal(NOTICE_TEXTS.appNoSite, a.dovePagare.italia.online.descrizione.noEnte);
  assert.equal(
    NOTICE_TEXTS.appSite("X"),
    a.dovePagare.italia.online.descrizione.sitoEnte.replace("{{EnteNome}}", "X"),
  );
  assert.equal(NOTICE_TEXTS.territoryTitle, a.dovePagare.italia.territorio.titolo);
  assert.equal(NOTICE_TEXTS.territory, a.dovePagare.italia.territorio.descrizione);
  assert.equal(NOTICE_TEXTS.paymentData, a.datiPagamento.titolo);
  assert.equal(NOTICE_TEXTS.single, a.datiPagamento.rataUnica);
  assert.equal(NOTICE_TEXTS.instalment(2), a.datiPagamento.numRata.replace("{{Numero}}", "2"));
  assert.equal(NOTICE_TEXTS.qrSingle, a.datiPagamento.istruzioni.qrCode.rataUnica);
  assert.equal(NOTICE_TEXTS.qrInstalments, a.datiPagamento.istruzioni.qrCode.rate);
  assert.equal(NOTICE_TEXTS.subject, a.datiPagamento.oggettoDelPagamento);
  assert.equal(NOTICE_TEXTS.cbill, a.datiPagamento.cbill.breve);
  assert.equal(NOTICE_TEXTS.nav, a.datiPagamento.avviso.breve);
  assert.equal(NOTICE_TEXTS.enteCf, a.datiPagamento.codiceFiscaleEnte.breve);
});

Deno.test("page plan matches the reference PDFs' page counts", () => {
  for (const [name, postal, pages] of SCENARIOS) {
    assert.equal(planPages(fromReference(name, postal)).length, pages, name);
  }
  const many = fromReference("scenario_ft_11.pdf", false);
  many.instalments = Array.from(
    { length: 10 },
    (_, i) => ({ ...many.instalments[0], instalment: i + 1 }),
  );
  assert.equal(planPages(many).length, 4); // 3 on the first page, then 3 + 3 + 1
  assert.equal(planPages({ ...many, postal: { account: "1", holder: "x" } }).length, 5);
});

Deno.test("single payment: sections, fixed texts, data and a QR that scans", async () => {
  const input = fromReference("scenario_ft_01.pdf", false);
  const bytes = await noticePdf(input);
  const doc = await PDFDocument.load(bytes);
  assert.equal(doc.getPageCount(), 1);
  const { width, height } = doc.getPage(0).getSize();
  assert.equal(Math.round(width), 595);
  assert.equal(Math.round(height), 842);
  assert.equal(doc.getTitle(), `Avviso di pagamento ${input.single!.nav}`);
  const text = (await noticePdfText(bytes))[0].join("\n");
  // Section titles as in scenario_ft_01.pdf.
  for (
    const t of [
      "AVVISO DI PAGAMENTO",
      "ENTE CREDITORE",
      "DESTINATARIO",
      "QUANTO E QUANDO PAGARE?",
      "DOVE PAGARE?",
      "PAGA CON L’APP IO",
      "PAGA SUL TERRITORIO",
      "DATI PER IL PAGAMENTO",
      "Rata unica entro il 31/12/2024",
      "1.500,00 Euro",
      "Cod. CBILL",
      "Cod. Avviso",
      "Cod. Fiscale Ente",
      "Oggetto del pagamento",
      "Avviso Pagamento di TEST",
      "99999000013",
      "FFFCST83A15L113V",
      "Mario Rossi",
      "Via Nazionale 1",
      "00100 Roma (RM)",
      "CBI1234",
      formatNoticeNumber(input.single!.nav),
      "vai su pagopa.gov.it",
    ]
  ) assert.ok(text.includes(t), `missing "${t}"`);
  assert.ok(text.replace(/\n/g, " ").includes(NOTICE_TEXTS.legal.slice(0, 60)));
  assert.ok(text.replace(/\n/g, " ").includes("Inquadra il codice QR con la tua"));
  assert.ok(!text.includes("BOLLETTINO POSTALE PA"));
  const [[qr]] = await drawnCodes(bytes);
  assert.equal(qr.length, 33);
  assert.equal(decodeQr(qr), `PAGOPA|002|${input.single!.nav}|99999000013|150000`);
});

Deno.test("no due date: 'Rata unica' without a date", async () => {
  const text =
    (await noticePdfText(await noticePdf(fromReference("scenario_ft_05.pdf", false))))[0];
  assert.ok(text.includes("Rata unica"));
  assert.ok(!text.join(" ").includes("entro il"));
});

Deno.test("three instalments: one page, a QR per option, amounts and dates", async () => {
  const input = fromReference("scenario_ft_11.pdf", false);
  const bytes = await noticePdf(input);
  const pages = await noticePdfText(bytes);
  assert.equal(pages.length, 1);
  const text = pages[0].join("\n");
  assert.ok(text.includes("Puoi pagare per intero o in 3 rate"));
  for (const [i, o] of input.instalments.entries()) {
    assert.ok(text.includes(`Rata ${i + 1}`));
    assert.ok(text.includes(formatNoticeNumber(o.nav)));
  }
  assert.ok(text.includes("31/12/2026"));
  assert.ok(text.includes(NOTICE_TEXTS.qrInstalments.slice(0, 20)));
  const codes = (await drawnCodes(bytes))[0].map(decodeQr);
  assert.deepEqual(codes, [
    `PAGOPA|002|${input.single!.nav}|99999000013|450000`,
    ...input.instalments.map((o) => `PAGOPA|002|${o.nav}|99999000013|${o.cents}`),
  ]);
});

Deno.test("postal account: Poste section with its Data Matrix per option", async () => {
  const input = fromReference("scenario_ft_15.pdf", true);
  const bytes = await noticePdf(input);
  const pages = await noticePdfText(bytes);
  assert.equal(pages.length, 2);
  const p1 = pages[0].join("\n");
  for (
    const t of [
      "BOLLETTINO POSTALE PA",
      "Rata unica entro 31/12/2024",
      "AUT. 08/5 S3/81 53079 08129.07.20211",
      "sul C/C n.",
      "000000123456",
      "Intestato a",
      "Oggetto pagamento",
      "Tipo",
      "P1",
      "Cod. Fiscale Ente Creditore",
    ]
  ) assert.ok(p1.includes(t), `missing "${t}"`);
  const p2 = pages[1].join("\n");
  assert.equal(p2.split("BOLLETTINO POSTALE PA").length - 1, 3);
  assert.ok(p2.includes("Rata 3 entro 31/12/2026"));
  const codes = await drawnCodes(bytes);
  // Page 1: the single option's QR and Data Matrix; page 2: 3 QR + 3 Data Matrix.
  assert.equal(codes[0].length, 2);
  assert.equal(codes[1].length, 6);
  const expected = dataMatrixMatrix(dataMatrixPayload({
    nav: input.single!.nav,
    postalAccount: "000000123456",
    cents: 450000,
    enteTaxCode: "99999000013",
    debtorTaxCode: "FFFCST83A15L113V",
    debtorName: "Mario Rossi",
    subject: "Avviso Pagamento di TEST",
  }));
  assert.deepEqual(codes[0][1], expected);
});

Deno.test("odd input still prints: long names, non-Latin characters, a missing logo type", async () => {
  const input = fromReference("scenario_ft_01.pdf", false);
  input.subject = "Mensa scolastica — ottobre 2026 – Łukasz Nguyễn 日本 ".repeat(4);
  input.debtor.fullName = "Łukasz Nguyễn Çelik-Ødegård";
  input.ente.logo = { bytes: new Uint8Array([1, 2, 3]), type: "png" };
  const text = (await noticePdfText(await noticePdf(input)))[0].join("\n");
  assert.ok(text.includes("?ukasz Nguyen Çelik-Ødegård"), text);
  assert.ok(text.includes("Mensa scolastica — ottobre 2026 – ?ukasz Nguyen ??"));
  await assert.rejects(
    () => noticePdf({ ...input, single: null, instalments: [] }),
    /non ha avvisi/,
  );
});
