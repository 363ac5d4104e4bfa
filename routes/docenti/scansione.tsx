import { define, page } from "../../lib/http/define.ts";
import type { ScanResult } from "../../lib/attendance/qr_scan.ts";
import { scanFromForm, ScanPage } from "../operatore/presenze/(_components)/scan_page.tsx";

interface Data {
  result: ScanResult | null;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ result: null });
  },
  async POST(c) {
    const result = await scanFromForm(c);
    return page({ result }, { status: result.outcome === "invalid" ? 422 : 200 });
  },
});

export default define.page<Data>(function TeacherScanner({ data, state }) {
  return <ScanPage state={state} action="/docenti/scansione" result={data.result} />;
});
