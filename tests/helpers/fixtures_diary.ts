import { newStorageKey } from "../../lib/storage/mod.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Diary and communications: the class teacher's note to the enrolled child's class (the child's
 * service gets the diary switched on), a photo with it and the family's read receipt; a notice
 * of the office to the service's families, received by the family.
 */
export const DIARY_FIXTURES: Record<string, Fixture> = {
  async diary_posts(tx, f) {
    await tx.query(
      `update public.services s set diary_enabled = true, notices_enabled = true
         from public.enrollments e
        where e.tenant_id = $1 and s.tenant_id = e.tenant_id and s.id = e.service_id`,
      [f.tenantId],
    );
    await tx.query(
      `insert into public.diary_posts (tenant_id, class_id, author_id, author_name, body)
       select e.tenant_id, e.class_id, $2, 'Martina Costa', 'Oggi abbiamo piantato i bulbi in giardino.'
         from public.enrollments e where e.tenant_id = $1 and e.class_id is not null
        order by e.created_at limit 1`,
      [f.tenantId, f.users.teacher],
    );
  },
  async diary_photos(tx, f) {
    await tx.query(
      `insert into public.diary_photos (tenant_id, post_id, storage_key, content_type, size_bytes,
         alt_text)
       select p.tenant_id, p.id, $2, 'image/jpeg', 2048, 'I bulbi appena piantati'
         from public.diary_posts p where p.tenant_id = $1 limit 1`,
      [f.tenantId, newStorageKey(f.tenantId)],
    );
  },
  async diary_reads(tx, f) {
    await tx.query(
      `insert into public.diary_reads (tenant_id, post_id, user_id, reader_name)
       select p.tenant_id, p.id, $2, 'Davide Fontana'
         from public.diary_posts p where p.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.family],
    );
  },
  async communications(tx, f) {
    await tx.query(
      `insert into public.communications (tenant_id, service_id, sender_kind, author_id,
         author_name, subject, body, recipient_count)
       select e.tenant_id, e.service_id, 'office', $2, 'Silvia Gallo', 'Sciopero del 12 dicembre',
              'Il servizio potrebbe non essere garantito.', 1
         from public.enrollments e where e.tenant_id = $1 order by e.created_at limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async communication_recipients(tx, f) {
    await tx.query(
      `insert into public.communication_recipients (tenant_id, communication_id, person_id,
         user_id, email)
       select c.tenant_id, c.id, e.payer_id, $2, 'davide.fontana@posta.example'
         from public.communications c
         join public.enrollments e on e.tenant_id = c.tenant_id and e.service_id = c.service_id
        where c.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.family],
    );
  },
};
