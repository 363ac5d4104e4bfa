import type { Middleware } from "../../../define.ts";
export const handler: Middleware = async (c, next) => {
  await next();
  c.res.headers.set("x-admin", "1");
};
