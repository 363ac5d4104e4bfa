import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import type { ScanResult } from "../../../lib/attendance/qr_scan.ts";
import { define, page } from "../../../lib/http/define.ts";
import { scanFromForm, ScanPage } from "./(_components)/scan_page.tsx";

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

export default define.page<Data>(function OfficeScanner({ data, state }) {
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Presenze", "Attendance"), "/operatore/presenze"], [
          state.tr("Scansione tessere", "Card scanning"),
        ]]}
      />
      <ScanPage state={state} action="/operatore/presenze/scansione" result={data.result} />
    </>
  );
});
