-- SMTP delivery of `mail_outbox` (lib/mail/smtp_sender.ts): a sender claims due rows with
-- `for update skip locked`, pushes `next_attempt_at` ahead as a lease while it sends, then records
-- `sent_at` or the error and, on failure, when to try again. Several nodes never send a mail twice
-- unless one dies mid-send (at-least-once).
alter table public.mail_outbox
  add column attempts int not null default 0 check (attempts >= 0),
  add column next_attempt_at timestamptz not null default now();

create index mail_outbox_due_idx on public.mail_outbox (next_attempt_at) where sent_at is null;
