import type { Fixture } from "./second_tenant.ts";

/** A transport service of the Ente (made here if the services fixtures made none) and a route. */
export const TRANSPORT_FIXTURES: Record<string, Fixture> = {
  async transport_routes(tx, f) {
    await tx.query(
      `insert into public.services (tenant_id, kind, code, title, status)
       select $1, 'transport', 'SCUOLABUS', 'Trasporto scolastico', 'published'
        where not exists (select 1 from public.services
                           where tenant_id = $1 and kind = 'transport')`,
      [f.tenantId],
    );
    await tx.query(
      `insert into public.transport_routes (tenant_id, service_id, code, name, color, capacity)
       select tenant_id, id, 'L1', 'Linea 1 – Montecalvo Alta', '#008055', 28
         from public.services where tenant_id = $1 and kind = 'transport'
        order by created_at limit 1`,
      [f.tenantId],
    );
  },
  async transport_stops(tx, f) {
    await tx.query(
      `insert into public.transport_stops
         (tenant_id, route_id, position, name, latitude, longitude, time_there, time_back)
       select r.tenant_id, r.id, s.position, s.name, s.latitude, s.longitude, s.there, s.back
         from public.transport_routes r,
              (values (1, 'Piazza Libertà', 45.8821, 8.8562, time '07:40', time '13:20'),
                      (2, 'Scuola primaria', 45.8850, 8.8601, time '07:50', time '13:10'))
                as s (position, name, latitude, longitude, there, back)
        where r.tenant_id = $1 and r.code = 'L1'`,
      [f.tenantId],
    );
  },
};
