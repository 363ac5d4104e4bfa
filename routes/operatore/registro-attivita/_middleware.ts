import { requireRoles } from "../../../lib/http/guards.ts";

/** Administration of the Ente: administrators only (operators get 403). */
export const handler = requireRoles(["admin"]);
