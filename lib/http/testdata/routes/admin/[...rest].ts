import { define } from "../../../define.ts";
export const handler = define.handlers({ GET: (c) => c.text(`rest:${c.req.path}`) });
