/**
 * Printable attendance cards: one card-sized page (ID-1, 85.6 × 54 mm, for card printers or
 * cutting) per enrolled beneficiary of a service or class, with the child's name, service,
 * site/class, the Ente's name and the QR of the signed card token (lib/attendance/qr.ts) — the
 * QR names nobody; the code under it is for manual entry.
 *
 * @module
 */
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import qrcode from "qrcode-generator";
import type { Tx } from "../db/types.ts";
import { groupToken, signCardToken } from "./qr.ts";

export interface CardHolder {
  enrollment_id: string;
  name: string;
  surname: string;
  service: string;
  site: string | null;
  class_name: string | null;
}

/** The children enrolled today or later in `serviceId` (of `classId`), by class and name. */
export async function cardHolders(
  tx: Tx,
  q: { serviceId: string; classId?: string | null; day: string },
): Promise<CardHolder[]> {
  return await tx.query<CardHolder>(
    `select e.id as enrollment_id, p.name, p.surname, s.title as service, si.name as site,
            c.name as class_name
       from public.enrollments e
       join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
       join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
       left join public.sites si on si.tenant_id = e.tenant_id and si.id = e.site_id
       left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
      where e.tenant_id = app.tenant_id() and e.service_id = $1
        and ($2::uuid is null or e.class_id = $2)
        and coalesce(e.withdrawn_on, e.ends_on) >= $3
      order by si.name nulls last, c.name nulls last, p.surname, p.name, e.id`,
    [q.serviceId, q.classId ?? null, q.day],
  );
}

/** The QR of a token as a module matrix (true = dark), error correction M. */
export function qrMatrix(token: string): boolean[][] {
  const qr = qrcode(0, "M");
  qr.addData(token, "Alphanumeric");
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

const MM = 72 / 25.4;
const W = 85.6 * MM;
const H = 53.98 * MM;

/** Text the standard font can encode (WinAnsi): other letters lose their accents, or become "?". */
function printable(font: PDFFont, text: string): string {
  try {
    font.encodeText(text);
    return text;
  } catch {
    const plain = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return [...plain].map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return "?";
      }
    }).join("");
  }
}

function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = printable(font, text);
  while (t.length > 1 && font.widthOfTextAtSize(t, size) > width) t = t.slice(0, -2) + "…";
  return t;
}

/** The PDF of the cards, one page each. */
export async function renderCards(
  secret: Uint8Array,
  ente: { id: string; name: string },
  holders: CardHolder[],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Tessere presenze — ${ente.name}`);
  pdf.setCreator("Piazza");
  pdf.setLanguage("it-IT");
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const blue = rgb(0, 0.4, 0.8);
  for (const h of holders) {
    const token = await signCardToken(secret, { tenantId: ente.id, enrollmentId: h.enrollment_id });
    const page = pdf.addPage([W, H]);
    page.drawRectangle({ x: 0, y: H - 9 * MM, width: W, height: 9 * MM, color: blue });
    page.drawText(fit(bold, ente.name, 9, W - 8 * MM), {
      x: 4 * MM,
      y: H - 6 * MM,
      size: 9,
      font: bold,
      color: rgb(1, 1, 1),
    });
    // QR on the right, with its quiet zone.
    const matrix = qrMatrix(token);
    const n = matrix.length;
    const side = 34 * MM;
    const cell = side / (n + 4);
    const x0 = W - side - 2 * MM;
    const y0 = 6 * MM;
    matrix.forEach((row, r) =>
      row.forEach((dark, c) => {
        if (!dark) return;
        page.drawRectangle({
          x: x0 + (c + 2) * cell,
          y: y0 + side - (r + 3) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
      })
    );
    const textWidth = W - side - 8 * MM;
    let y = H - 16 * MM;
    page.drawText(fit(bold, h.name, 11, textWidth), { x: 4 * MM, y, size: 11, font: bold });
    y -= 5 * MM;
    page.drawText(fit(bold, h.surname, 11, textWidth), { x: 4 * MM, y, size: 11, font: bold });
    y -= 6 * MM;
    for (const line of [h.service, h.site, h.class_name]) {
      if (!line) continue;
      page.drawText(fit(regular, line, 7.5, textWidth), { x: 4 * MM, y, size: 7.5, font: regular });
      y -= 4 * MM;
    }
    // The code for manual entry, in two lines of monospace under the QR.
    const grouped = groupToken(token);
    const half = Math.ceil(grouped.length / 2 / 5) * 5;
    const lines = [grouped.slice(0, half).trim(), grouped.slice(half).trim()];
    lines.forEach((l, i) =>
      page.drawText(l, { x: 3 * MM, y: 5 * MM - i * 3 * MM + 1, size: 5, font: mono })
    );
  }
  return await pdf.save();
}

export interface Choices {
  ente: { id: string; name: string };
  services: { id: string; title: string; code: string }[];
  classes: { id: string; name: string; site: string }[];
}

/** The Ente, its services with enrollments and its classes, for the pickers. */
export async function cardChoices(tx: Tx): Promise<Choices> {
  const [ente] = await tx.query<{ id: string; name: string }>(
    "select id, name from public.tenants where id = app.tenant_id()",
  );
  const services = await tx.query<{ id: string; title: string; code: string }>(
    `select s.id, s.title, s.code from public.services s
      where s.tenant_id = app.tenant_id()
        and exists (select 1 from public.enrollments e
                     where e.tenant_id = s.tenant_id and e.service_id = s.id)
      order by s.title`,
  );
  const classes = await tx.query<{ id: string; name: string; site: string }>(
    `select c.id, c.name, si.name as site from public.classes c
       join public.sites si on si.tenant_id = c.tenant_id and si.id = c.site_id
      where c.tenant_id = app.tenant_id()
        and exists (select 1 from public.enrollments e
                     where e.tenant_id = c.tenant_id and e.class_id = c.id)
      order by si.name, c.name`,
  );
  return { ente, services, classes };
}
