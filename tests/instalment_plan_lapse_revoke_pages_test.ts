/**
 * The pages of a revoca della decadenza (`/operatore/posizioni/<id>/revoca-decadenza`, the
 * position's page, the family's position): the way from the lapsed plan to the form, the form and
 * its error, the confirmation that writes nothing, the revocation (the plan holds again, the
 * payer e-mailed) and the notes it leaves; a position on an enforced-collection list refused
 * until withdrawn; a plan not lapsed has nothing to revoke; families kept out, and shown the
 * revocation without the operator's name.
 */
import assert from "node:assert/strict";
import { lapseInstalmentPlan } from "../lib/billing/instalment_plan_lapse_record.ts";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { remindedAgo } from "./helpers/fixtures_enforced.ts";
import { lapsingPlan } from "./helpers/fixtures_instalment_plans.ts";

const ADMIN = "admin@comune.valdiponte.example";
const ADMIN_NAME = "Giulia Bianchi";
const OFFICE_NAME = "Marco Rossi";
const FAMILY = "chiara.colombo@posta.example";
const LAPSE = "Due rate non pagate nonostante il sollecito";
const WHY = "Il pagamento della rata 1 era arrivato in tesoreria";

/** "31/12/2026", as the pages print a day. */
const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** An apostrophe as the HTML may escape it. */
const APOS = "(?:'|&#39;)";
/** The page's text without tags, spaces squeezed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** The plan of position `id` as the database has it, and the revocation e-mails queued. */
const planRow = (db: Db, id: string) =>
  db.asOwner(async (tx) => {
    const [r] = await tx.query<
      {
        lapsed: boolean;
        revoked: boolean;
        reason: string | null;
        revoked_lapse: boolean;
        mails: number;
      }
    >(
      `select p.lapsed_at is not null as lapsed, p.lapse_revoked_at is not null as revoked,
              p.lapse_revoke_reason as reason, p.revoked_lapse_at is not null as revoked_lapse,
              (select count(*)::int from public.mail_outbox
                where subject like '%decadenza della rateizzazione revocata') as mails
         from public.instalment_plans p where p.position_id = $1`,
      [id],
    );
    return r;
  });

/** Puts position `id` on a new enforced-collection list, as the office would: its id. */
const onList = (db: Db, id: string) =>
  db.asOwner(async (tx) => {
    const [c] = await tx.query<{ id: string }>(
      `insert into public.enforced_collections (tenant_id, reference, min_days_after_reminder,
         min_payer_cents, positions_count, total_cents)
       select d.tenant_id, 'Det. n. 77/2026', 30, 3000, 1, 4000
         from public.debt_positions d where d.id = $1
       returning id`,
      [id],
    );
    await tx.query(
      `insert into public.enforced_collection_positions (tenant_id, collection_id,
         debt_position_id, payer_id, overdue_cents, overdue_since, paid_cents, last_reminder_at,
         last_reminder_channel, debtor)
       select d.tenant_id, $2, d.id, d.payer_id, 4000, current_date - 40, 0, now(), 'letter',
              '{"name": "Chiara Colombo"}'::jsonb
         from public.debt_positions d where d.id = $1`,
      [id, c.id],
    );
    return c.id;
  });

dbTest("the office revokes a lapse from the position's page", async (db) => {
  const { f, op, plan, due } = await lapsingPlan(db);
  // Reminded after instalment 2 fell due: the rule of the lapse was met.
  await remindedAgo(db, plan, 5);
  await lapseInstalmentPlan(db, op, plan, LAPSE);
  const c = await signedInClient(db, ADMIN);
  const path = `/operatore/posizioni/${plan}`;
  const form = `${path}/revoca-decadenza`;

  // The lapsed plan's callout offers the revocation.
  const before = await htmlOf(await c.get(path));
  assert.match(
    before,
    new RegExp(`id="piano-decaduto">[^]*?href="${form}"[^>]*>Revoca la decadenza</a></div>`),
  );
  assert.doesNotMatch(before, /id="decadenza-revocata"/);

  // The form: the plan, the lapse revoked, what the revocation does, the reason.
  const get = await htmlOf(await c.get(form));
  assert.match(get, /<h1>Revoca la decadenza della rateizzazione<\/h1>/);
  assert.match(get, /Rateizzazione concessa il [^<]+ \(richiesta: Prot\. n\. 4521\/2026\): 3 rate/);
  const said = textOf(get);
  assert.match(
    said,
    new RegExp(
      `La decadenza Dichiarata il ${itDate(f.today)} Da ${OFFICE_NAME} Motivo ${LAPSE}`,
    ),
  );
  assert.match(
    said,
    /La rateizzazione torna valida: le rate non pagate sono di nuovo dovute alle loro scadenze, per un residuo di 40,00\s€/,
  );
  assert.match(
    said,
    new RegExp(`La prossima rata, la n\\. 3 di 13,33\\s€, scade il ${itDate(due[3])}\\.`),
  );
  assert.match(said, /Le rate già scadute restano scadute e non pagate/);
  assert.match(get, /<caption>Rate scadute e non pagate<\/caption>/);
  assert.match(
    get,
    new RegExp(
      `<th scope="row">1</th><td class="text-end">13,34\\s€</td><td>${itDate(due[1])}</td>`,
    ),
  );
  assert.match(
    get,
    new RegExp(
      `<th scope="row">2</th><td class="text-end">13,33\\s€</td><td>${itDate(due[2])}</td>`,
    ),
  );
  assert.doesNotMatch(get, /<th scope="row">3<\/th>/);
  assert.match(said, new RegExp(`Il pagatore riceve un${APOS}e-mail con il motivo della revoca`));
  assert.match(said, /il piano potrà decadere di nuovo\./);
  assert.match(get, new RegExp(`<form method="post" action="${form}"`));
  assert.match(get, /<label for="motivo"[^>]*>Motivo della revoca/);
  assert.match(get, /<textarea id="motivo" name="motivo"/);

  // A reason too short comes back 422 with the error on the field, the input kept; nothing written.
  const bad = await htmlOf(await c.postForm(form, { motivo: "boh" }), 422);
  assert.match(bad, /class="alert alert-danger" role="alert"/);
  assert.match(bad, /<a href="#motivo">Indica il motivo della revoca, da 5 a 1000 caratteri/);
  assert.match(bad, /<textarea id="motivo"[^>]*aria-invalid="true"[^>]*>boh<\/textarea>/);
  assert.deepEqual(await planRow(db, plan), {
    lapsed: true,
    revoked: false,
    reason: null,
    revoked_lapse: false,
    mails: 0,
  });

  // The confirmation says what happens; nothing written.
  const confirm = await htmlOf(await c.postForm(form, { motivo: ` ${WHY} ` }));
  assert.match(confirm, /<h2 id="conferma-title"[^>]*>Controlla e conferma<\/h2>/);
  const check = textOf(confirm);
  assert.match(check, new RegExp(`Motivo ${WHY}`));
  assert.match(check, /Con la revoca la rateizzazione torna valida/);
  assert.match(check, /Le rate già scadute \(2, per 26,67\s€\) restano scadute e non pagate\./);
  assert.match(confirm, new RegExp(`<input type="hidden" name="motivo" value=" ${WHY} "`));
  assert.match(
    confirm,
    /<button type="submit" name="conferma" value="1"[^>]*>Revoca la decadenza<\/button>/,
  );
  assert.doesNotMatch(confirm, /<textarea/);
  assert.deepEqual(await planRow(db, plan), {
    lapsed: true,
    revoked: false,
    reason: null,
    revoked_lapse: false,
    mails: 0,
  });

  // "Modifica": back to the form with what was typed.
  const change = await htmlOf(await c.postForm(form, { motivo: WHY, modifica: "1" }));
  assert.match(change, new RegExp(`>${WHY}</textarea>`));
  assert.doesNotMatch(change, /conferma-title/);

  // Revoked: back to the position, which says so; the payer e-mailed.
  const res = await c.postForm(form, { motivo: WHY, conferma: "1" });
  assert.equal(res.status, 303, await res.text());
  const to = res.headers.get("location")!;
  assert.equal(to, `${path}?decadenza=revocata&email=inviata`);
  assert.deepEqual(await planRow(db, plan), {
    lapsed: false,
    revoked: true,
    reason: WHY,
    revoked_lapse: true,
    mails: 1,
  });

  const after = await htmlOf(await c.get(to));
  assert.match(
    after,
    /class="alert alert-success" role="status">Decadenza revocata: la rateizzazione è di nuovo valida; la famiglia è stata avvisata per e-mail\.</,
  );
  assert.match(
    textOf(after),
    new RegExp(
      `Decadenza revocata Decadenza dichiarata il ${itDate(f.today)} e revocata il ${
        itDate(f.today)
      } da ${ADMIN_NAME}: ${WHY}`,
    ),
  );
  assert.doesNotMatch(after, /id="piano-decaduto"/);
  assert.doesNotMatch(after, new RegExp(`href="${form}"`));
  // Instalments 1 and 2 are still missed: the plan may lapse again.
  assert.match(after, /<div class="callout warning" id="piano-andamento">/);
  assert.match(after, /Rate scadute e non pagate: 2 \(26,67\s€\)\./);
  assert.match(after, new RegExp(`href="${path}/decadenza"[^>]*>Dichiara la decadenza</a>`));
  // The reminder that led to the revoked lapse no longer advises one (a reminder since does: below).
  assert.doesNotMatch(after, /id="piano-regola"/);
  // Without the flag, no alert.
  assert.doesNotMatch(await htmlOf(await c.get(path)), /Decadenza revocata:/);

  // The form again: nothing to revoke, no form; posting anyway is refused in words.
  const again = await htmlOf(await c.get(form));
  assert.match(
    again,
    new RegExp(
      `class="alert alert-warning" role="status">Il piano di rateizzazione non è decaduto: non c${APOS}è nulla da revocare\\.`,
    ),
  );
  assert.doesNotMatch(again, /<textarea/);
  const twice = await htmlOf(await c.postForm(form, { motivo: WHY, conferma: "1" }), 409);
  assert.match(twice, /Il piano di rateizzazione non è decaduto/);
  assert.doesNotMatch(twice, /<textarea/);
  assert.equal((await planRow(db, plan)).mails, 1);

  // In English too (the language stays with the client from now on).
  assert.match(
    await htmlOf(await c.get(`${to}&lang=en`)),
    /Lapse revoked: the instalment plan holds again; the family has been told by e-mail\./,
  );

  // Chiara's page: the revocation, the reason, the instalments due again; not who revoked it.
  const family = await signedInClient(db, FAMILY);
  const mine = await htmlOf(await family.get(`/famiglie/pagamenti/${plan}`));
  assert.doesNotMatch(mine, /rateizzazione-decaduta/);
  assert.match(mine, /Rateizzazione concessa il/);
  assert.match(
    textOf(mine),
    new RegExp(
      `La decadenza della rateizzazione è stata revocata il ${
        itDate(f.today)
      }: ${WHY}\\. Le rate restano dovute alle loro scadenze\\.`,
    ),
  );
  assert.doesNotMatch(mine, new RegExp(ADMIN_NAME));
  assert.doesNotMatch(mine, new RegExp(OFFICE_NAME));

  // A reminder sent after the revocation: the rule of the lapse is met again (in English, as the
  // client now asks).
  await db.asOwner((tx) =>
    tx.query(
      `update public.instalment_plans set lapse_revoked_at = lapse_revoked_at - interval '3 days'
        where position_id = $1`,
      [plan],
    )
  );
  await remindedAgo(db, plan, 1);
  assert.match(
    await htmlOf(await c.get(path)),
    /Here the rule is met: 2 instalments are unpaid past their due date, and a reminder was sent after instalment 2 fell due\./,
  );
});

dbTest(
  "a lapse is not revoked while the position is on an enforced-collection list",
  async (db) => {
    const { op, plan } = await lapsingPlan(db);
    await lapseInstalmentPlan(db, op, plan, LAPSE);
    const list = await onList(db, plan);
    const c = await signedInClient(db, ADMIN);
    const path = `/operatore/posizioni/${plan}`;
    const form = `${path}/revoca-decadenza`;
    const REFUSED =
      /La posizione è in una lista di carico per la riscossione coattiva: ritirala dalla lista \(sgravio\) prima di revocare la decadenza\./;

    // The position's page says to withdraw it first, with the list, instead of the button.
    const page = await htmlOf(await c.get(path));
    assert.doesNotMatch(page, new RegExp(`href="${form}"`));
    assert.match(
      textOf(page),
      /Per revocare la decadenza ritira prima la posizione dall.elenco di riscossione coattiva Det\. n\. 77\/2026 \(sgravio\)\./,
    );
    assert.match(page, new RegExp(`href="/operatore/posizioni/riscossione/${list}"`));

    // The form's page: the refusal and the way to the list, no form.
    const get = await htmlOf(await c.get(form));
    assert.match(get, REFUSED);
    assert.match(
      get,
      new RegExp(
        `<a href="/operatore/posizioni/riscossione/${list}">Vai all${APOS}elenco Det\\. n\\. 77/2026</a>`,
      ),
    );
    assert.doesNotMatch(get, /<textarea/);
    assert.doesNotMatch(get, /Cosa comporta la revoca/);

    // Posting anyway: the database refuses, in words; nothing written.
    const refused = await htmlOf(await c.postForm(form, { motivo: WHY, conferma: "1" }), 409);
    assert.match(refused, REFUSED);
    assert.equal(refused.match(/ritirala dalla lista/g)?.length, 1, "said once");
    assert.deepEqual(await planRow(db, plan), {
      lapsed: true,
      revoked: false,
      reason: null,
      revoked_lapse: false,
      mails: 0,
    });

    // Withdrawn from the list (sgravio), and the payer without e-mail: revoked, nobody e-mailed.
    await db.asOwner(async (tx) => {
      await tx.query(
        `update public.enforced_collection_positions
          set withdrawn_at = now(), withdrawn_reason = 'Decadenza dichiarata per errore'
        where debt_position_id = $1`,
        [plan],
      );
      await tx.query(
        `update public.people set email = null
        where id = (select payer_id from public.debt_positions where id = $1)`,
        [plan],
      );
    });
    assert.match(await htmlOf(await c.get(path)), new RegExp(`href="${form}"`));
    const res = await c.postForm(form, { motivo: WHY, conferma: "1" });
    assert.equal(res.status, 303, await res.text());
    const to = res.headers.get("location")!;
    assert.equal(to, `${path}?decadenza=revocata&email=assente`);
    assert.deepEqual(await planRow(db, plan), {
      lapsed: false,
      revoked: true,
      reason: WHY,
      revoked_lapse: true,
      mails: 0,
    });
    assert.match(
      await htmlOf(await c.get(to)),
      /class="alert alert-warning" role="status">Decadenza revocata: la rateizzazione è di nuovo valida; il pagatore non ha un indirizzo e-mail: avvisa la famiglia in un altro modo\.</,
    );
  },
);

dbTest("a plan that has not lapsed has nothing to revoke", async (db) => {
  const { f, plan } = await lapsingPlan(db);
  const c = await signedInClient(db, ADMIN);
  const path = `/operatore/posizioni/${plan}`;
  const form = `${path}/revoca-decadenza`;
  assert.doesNotMatch(await htmlOf(await c.get(path)), new RegExp(`href="${form}"`));
  const get = await htmlOf(await c.get(form));
  assert.match(
    get,
    new RegExp(
      `role="status">Il piano di rateizzazione non è decaduto: non c${APOS}è nulla da revocare\\.`,
    ),
  );
  assert.doesNotMatch(get, /<textarea/);
  assert.doesNotMatch(get, /Cosa comporta la revoca/);
  // Not even the form's first step.
  await htmlOf(await c.postForm(form, { motivo: WHY }), 409);
  assert.deepEqual(await planRow(db, plan), {
    lapsed: false,
    revoked: false,
    reason: null,
    revoked_lapse: false,
    mails: 0,
  });

  // A position without a plan, an unknown one, a malformed id: not found.
  await htmlOf(await c.get(`/operatore/posizioni/${f.other}/revoca-decadenza`), 404);
  await htmlOf(
    await c.postForm(`/operatore/posizioni/${f.other}/revoca-decadenza`, { motivo: WHY }),
    404,
  );
  await htmlOf(await c.get(`/operatore/posizioni/${crypto.randomUUID()}/revoca-decadenza`), 404);
  await htmlOf(await c.get("/operatore/posizioni/nope/revoca-decadenza"), 404);
});

dbTest("families cannot reach the office's revoca page", async (db) => {
  const { op, plan } = await lapsingPlan(db);
  await lapseInstalmentPlan(db, op, plan, LAPSE);
  const c = await signedInClient(db, FAMILY);
  const form = `/operatore/posizioni/${plan}/revoca-decadenza`;
  assert.equal((await c.get(form)).status, 403);
  assert.equal((await c.postForm(form, { motivo: WHY, conferma: "1" })).status, 403);
  assert.deepEqual(await planRow(db, plan), {
    lapsed: true,
    revoked: false,
    reason: null,
    revoked_lapse: false,
    mails: 0,
  });
  // Their own page still shows the lapse, and no revocation.
  const mine = await htmlOf(await c.get(`/famiglie/pagamenti/${plan}`));
  assert.match(mine, /Rateizzazione decaduta/);
  assert.doesNotMatch(mine, /decadenza-revocata/);
});
