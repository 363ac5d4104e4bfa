import { define } from "../../../lib/http/define.ts";
import { Notices, type NoticesData, noticesGet, noticesPost } from "./(_components)/notices.tsx";

export const handler = define.handlers<NoticesData>({
  GET: (c) => noticesGet(c),
  POST: (c) => noticesPost(c, "/operatore/comunicazioni"),
});

/** The office writes to the families of a service, a site or a class. */
export default define.page<NoticesData>(function OfficeNotices({ data, state }) {
  return <Notices data={data} state={state} action="/operatore/comunicazioni" office />;
});
