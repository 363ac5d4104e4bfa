-- Charge lines (issue 6): `unique (tenant_id, id)` repeated the primary key on `id` — no foreign
-- key refers to the pair — and cost one more index entry for every line a billing run writes.
alter table public.charge_lines drop constraint if exists charge_lines_tenant_id_id_key;
