-- GPD publication (issue 6): when the publication job may try a position again. A claim sets it a
-- few minutes ahead (a lease: a crashed worker's position is retried after it, and a retried
-- create that had succeeded is recognised by its 409 and a GET); a failure sets it after a
-- back-off that doubles with each attempt. Null = as soon as possible.
alter table public.debt_positions add column gpd_next_attempt_at timestamptz;
comment on column public.debt_positions.gpd_next_attempt_at is
  'GPD publication job: not before this moment (lease of a claim, or back-off after a failure).';
