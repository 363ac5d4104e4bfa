import { requireRoles } from "../../lib/http/guards.ts";

export const handler = requireRoles(["superadmin"]);
