/**
 * Tariff rules in words, for the back office and (later) families: what is charged, the ISEE
 * table or formula, the missing-ISEE rule and every reduction, as nested lines in Italian or
 * English.
 */
import { adjustmentEffect, adjustmentLabel } from "./explain.ts";
import { FIELD_LABELS, type Lang, UNIT_LABELS, valueLabel } from "./labels.ts";
import { formatBp, formatEuro } from "./money.ts";
import type { AmountSpec, TariffRules } from "./schema.ts";

export interface Line {
  text: string;
  children?: Line[];
}

const t = (lang: Lang, it: string, en: string) => lang === "it" ? it : en;

export function kindLabel(r: Pick<TariffRules, "kind" | "unit" | "period">, lang: Lang): string {
  switch (r.kind) {
    case "per_use": {
      const u = UNIT_LABELS[r.unit ?? "use"].one[lang === "it" ? 0 : 1];
      return t(lang, `A consumo: prezzo per ${u}`, `Per use: price per ${u}`);
    }
    case "monthly":
      return t(lang, "Retta mensile", "Monthly fee");
    case "per_period":
      return r.period === "term"
        ? t(lang, "Quota per periodo (trimestre, quadrimestre…)", "Fee per term")
        : t(lang, "Quota annuale", "Yearly fee");
    case "one_off":
      return t(lang, "Quota una tantum (ad esempio di iscrizione)", "One-off fee (e.g. enrolment)");
    case "monthly_plus_daily":
      return t(
        lang,
        "Retta mensile: quota fissa più quota giornaliera per i giorni di presenza",
        "Monthly fee: a fixed part plus a daily part per day present",
      );
  }
}

function amountLines(a: AmountSpec, lang: Lang): Line[] {
  const euro = (c: number) => formatEuro(c, lang);
  switch (a.type) {
    case "fixed":
      return [{ text: euro(a.cents) }];
    case "isee_brackets":
      return a.brackets.map((b, i) => ({
        text: `${t(lang, "Fascia", "Bracket")} ${b.label ?? i + 1}: ISEE ${
          b.toCents === null ? t(lang, `da ${euro(b.fromCents)}`, `from ${euro(b.fromCents)}`) : t(
            lang,
            `da ${euro(b.fromCents)} a ${euro(b.toCents)}`,
            `${euro(b.fromCents)} to ${euro(b.toCents)}`,
          )
        } → ${b.exempt ? t(lang, "esente", "exempt") : euro(b.cents)}`,
      }));
    case "isee_linear": {
      const out: Line[] = [];
      if (a.exemptUpToCents !== undefined) {
        out.push({
          text: t(
            lang,
            `Esente con ISEE fino a ${euro(a.exemptUpToCents)}`,
            `Exempt with an ISEE up to ${euro(a.exemptUpToCents)}`,
          ),
        });
      }
      for (let i = 1; i < a.points.length; i++) {
        const [p, q] = [a.points[i - 1], a.points[i]];
        out.push({
          text: t(
            lang,
            `Formula lineare: da ${euro(p.cents)} con ISEE ${euro(p.iseeCents)} a ${
              euro(q.cents)
            } con ISEE ${euro(q.iseeCents)}`,
            `Linear formula: from ${euro(p.cents)} at ISEE ${euro(p.iseeCents)} to ${
              euro(q.cents)
            } at ISEE ${euro(q.iseeCents)}`,
          ),
        });
      }
      const first = a.points[0], last = a.points[a.points.length - 1];
      out.push({
        text: t(
          lang,
          `Sotto ${euro(first.iseeCents)}: ${euro(first.cents)}; oltre ${euro(last.iseeCents)}: ${
            euro(last.cents)
          }`,
          `Below ${euro(first.iseeCents)}: ${euro(first.cents)}; above ${euro(last.iseeCents)}: ${
            euro(last.cents)
          }`,
        ),
      });
      return out;
    }
    case "isee_proportional":
      return [{
        text: t(
          lang,
          `${formatBp(a.rateBp, lang)} dell'ISEE`,
          `${formatBp(a.rateBp, lang)} of the ISEE`,
        ) +
          (a.minCents !== undefined
            ? t(lang, `, minimo ${euro(a.minCents)}`, `, minimum ${euro(a.minCents)}`)
            : "") +
          (a.maxCents !== undefined
            ? t(lang, `, massimo ${euro(a.maxCents)}`, `, maximum ${euro(a.maxCents)}`)
            : "") +
          (a.exemptUpToCents !== undefined
            ? t(
              lang,
              `; esente fino a ${euro(a.exemptUpToCents)}`,
              `; exempt up to ${euro(a.exemptUpToCents)}`,
            )
            : ""),
      }];
    case "by": {
      const field = FIELD_LABELS[a.field][lang === "it" ? 0 : 1];
      const cases: Line[] = a.cases.map((c) => {
        const what = c.label ??
          (c.values
            ? c.values.map((v) => valueLabel(a.field, v, lang)).join(", ")
            : `${c.min ?? ""}–${c.max ?? ""}`);
        return { text: what, children: amountLines(c.amount, lang) };
      });
      if (a.otherwise) {
        cases.push({
          text: t(lang, "altrimenti", "otherwise"),
          children: amountLines(a.otherwise, lang),
        });
      }
      return [{ text: t(lang, `Secondo ${field}:`, `By ${field}:`), children: cases }];
    }
  }
}

/** The whole rules as nested lines. */
export function describeRules(r: TariffRules, lang: Lang): Line[] {
  const out: Line[] = [{ text: kindLabel(r, lang) }];
  if (r.kind === "monthly_plus_daily") {
    out.push({ text: t(lang, "Quota fissa", "Fixed part"), children: amountLines(r.amount, lang) });
    out.push({
      text: t(lang, "Quota giornaliera", "Daily part"),
      children: amountLines(r.daily!, lang),
    });
  } else out.push({ text: t(lang, "Importo", "Amount"), children: amountLines(r.amount, lang) });
  const m = r.missingIsee ?? { policy: "highest" };
  out.push({
    text: t(lang, "Senza ISEE valido: ", "Without a valid ISEE: ") +
      (m.policy === "highest"
        ? t(lang, "tariffa massima", "highest amount")
        : m.policy === "bracket"
        ? t(lang, `fascia ${m.bracket}`, `bracket ${m.bracket}`)
        : t(
          lang,
          `come con ISEE ${formatEuro(m.iseeCents, lang)}`,
          `as with an ISEE of ${formatEuro(m.iseeCents, lang)}`,
        )),
  });
  const adj = r.adjustments ?? [];
  if (adj.length) {
    out.push({
      text: t(
        lang,
        "Riduzioni, maggiorazioni e limiti, nell'ordine:",
        "Reductions, surcharges and limits, in order:",
      ),
      children: adj.map((a) => ({
        text: `${adjustmentLabel(a, lang)}: ${
          adjustmentEffect({
            kind: "adjustment",
            adjustment: a,
            changes: [],
            daysPresent: 0,
            openDays: 0,
          }, lang)
            .replace(
              /0 giorni su 0|0 of 0 days/,
              t(lang, "in proporzione ai giorni di presenza", "pro rata to days present"),
            )
        }${
          a.group
            ? t(
              lang,
              ` (gruppo «${a.group}»: si applica la prima che vale)`,
              ` (group “${a.group}”: the first that holds applies)`,
            )
            : ""
        }`,
      })),
    });
  }
  out.push({
    text: t(
      lang,
      "L'esenzione disposta dai servizi sociali vale sempre.",
      "A social-services exemption always applies.",
    ),
  });
  if (r.source) out.push({ text: t(lang, `Atto: ${r.source}`, `Act: ${r.source}`) });
  return out;
}
