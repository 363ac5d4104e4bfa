import { define } from "../../../lib/http/define.ts";
import {
  Notices,
  type NoticesData,
  noticesGet,
  noticesPost,
} from "../../operatore/comunicazioni/(_components)/notices.tsx";

export const handler = define.handlers<NoticesData>({
  GET: (c) => noticesGet(c, false),
  POST: (c) => noticesPost(c, "/fornitori/comunicazioni", false),
});

/**
 * A provider writes to the families of the services it runs, or only of one site or class where
 * children are enrolled in one of them.
 */
export default define.page<NoticesData>(function ProviderNotices({ data, state }) {
  return <Notices data={data} state={state} action="/fornitori/comunicazioni" office={false} />;
});
