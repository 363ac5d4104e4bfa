-- Carried lines are found by payer (a family's Pagamenti page, the office's balance page) among
-- a few: those without a position, not deleted, not given back. Without this index every read
-- visited all the Ente's lines of all years. It also holds a run's lines while the run is in
-- review (they get their position at issue); measured on bench:billing (see the issue's notes).
create index charge_lines_carried_idx on public.charge_lines (tenant_id, payer_id)
  where debt_position_id is null and deleted_at is null and carried_settlement_id is null;
