import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { enqueueMail } from "../lib/mail/outbox.ts";
import {
  deliverDue,
  retryDelayMinutes,
  smtpTransport,
  startSmtpSender,
} from "../lib/mail/smtp_sender.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { signedInClient, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!;
const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!;
const FAMILY = DEMO_USERS.find((u) => u.role === "family")!;
const FROM = "Piazza <noreply@comune.valdiponte.example>";

const signedIn = (db: Db, email: string, smtpUrl: string | null = null) =>
  signedInClient(db, email, { config: { smtpUrl } });

async function tenantId(db: Db): Promise<string> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.tenants where istat_code = '048099'")
  );
  return row.id;
}

async function queue(db: Db, to: string, subject: string, text: string): Promise<string> {
  const tenant = await tenantId(db);
  return await db.asService((tx) => enqueueMail(tx, { tenantId: tenant, to, subject, text }));
}

async function outboxRow(db: Db, id: string) {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ sent_at: Date | null; error: string | null; attempts: number; due: boolean }>(
      `select sent_at, error, attempts, next_attempt_at <= now() as due
         from public.mail_outbox where id = $1`,
      [id],
    )
  );
  return row;
}

interface Received {
  auth: string | null;
  from: string;
  to: string[];
  data: string;
}

/**
 * Just enough of an SMTP server (RFC 5321) for nodemailer: EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
 * RSET, QUIT. `refuseRcpt` answers every RCPT with 550, as a server does for an unknown mailbox.
 */
function fakeSmtp(opts: { refuseRcpt?: boolean } = {}) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const received: Received[] = [];
  const conns = new Set<Deno.Conn>();
  const enc = new TextEncoder();

  async function serve(conn: Deno.Conn) {
    conns.add(conn);
    const write = (s: string) => conn.write(enc.encode(s));
    let buffer = "";
    let auth: string | null = null;
    let mail: Received | null = null;
    let inData = false;
    let data: string[] = [];
    try {
      await write("220 fake.smtp.test ESMTP\r\n");
      for await (const chunk of conn.readable.pipeThrough(new TextDecoderStream())) {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf("\r\n")) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 2);
          if (inData) {
            if (line === ".") {
              inData = false;
              received.push({ ...mail!, auth, data: data.join("\r\n") });
              mail = null;
              await write("250 2.0.0 queued\r\n");
            } else data.push(line.startsWith("..") ? line.slice(1) : line);
            continue;
          }
          const verb = line.split(" ")[0].toUpperCase();
          if (verb === "EHLO") {
            await write("250-fake.smtp.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
          } else if (verb === "HELO") await write("250 fake.smtp.test\r\n");
          else if (verb === "AUTH") {
            auth = atob(line.split(" ")[2] ?? "");
            await write("235 2.7.0 ok\r\n");
          } else if (verb === "MAIL") {
            mail = { auth, from: /<(.*)>/.exec(line)?.[1] ?? "", to: [], data: "" };
            await write("250 2.1.0 ok\r\n");
          } else if (verb === "RCPT") {
            if (opts.refuseRcpt) await write("550 5.1.1 mailbox unavailable\r\n");
            else {
              mail!.to.push(/<(.*)>/.exec(line)?.[1] ?? "");
              await write("250 2.1.5 ok\r\n");
            }
          } else if (verb === "DATA") {
            inData = true;
            data = [];
            await write("354 go ahead\r\n");
          } else if (verb === "RSET" || verb === "NOOP") await write("250 ok\r\n");
          else if (verb === "QUIT") {
            await write("221 bye\r\n");
            conn.close();
            return;
          } else await write("502 5.5.2 not implemented\r\n");
        }
      }
    } catch {
      // the client hung up
    } finally {
      conns.delete(conn);
    }
  }

  (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch {
      // closed
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `smtp://piazza:segreta@127.0.0.1:${port}`,
    received,
    close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
    },
  };
}

async function resetMailFor(db: Db, c: TestClient, email: string) {
  const res = await c.postForm("/password/recupera", { email });
  if (res.status === 404) {
    // The reset page is not in this tree yet: queue the same kind of mail directly.
    await queue(
      db,
      email,
      "Piazza: reimposta la tua password",
      "Apri questo collegamento:\nhttp://localhost:8000/password/reimposta?token=abc",
    );
  } else {
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
}

dbTest("the outbox lists the reset mail; the body is text with clickable links", async (db) => {
  const { client } = await testApp(db);
  await resetMailFor(db, client(), FAMILY.email);
  const c = await signedIn(db, ADMIN.email);
  const res = await c.get("/operatore/posta");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(html, /Invio e-mail non configurato/);
  assert.ok(html.includes(FAMILY.email));
  assert.match(html, /reimposta la tua password/);
  assert.match(html, /Non inviata/);
  const href = /href="(\/operatore\/posta\/[0-9a-f-]{36})"/.exec(html)![1];

  const detail = await c.get(href);
  assert.equal(detail.status, 200);
  assert.match(detail.headers.get("content-type")!, /text\/html/);
  const body = await detail.text();
  assert.match(
    body,
    /<a href="http:\/\/localhost:8000\/password\/reimposta\?token=[^"]+" rel="noopener noreferrer">/,
  );

  const id = await queue(
    db,
    "x@posta.example",
    "Prova <b>",
    "Ciao <script>alert(1)</script> vedi https://esempio.it/a?b=1&c=2.",
  );
  const unsafe = await (await c.get(`/operatore/posta/${id}`)).text();
  assert.ok(unsafe.includes("Ciao &lt;script>alert(1)&lt;/script> vedi"), "markup stays text");
  assert.ok(!unsafe.includes("<script>alert"));
  assert.match(unsafe, /<a href="https:\/\/esempio.it\/a\?b=1&amp;c=2" rel="noopener noreferrer">/);
  assert.match(unsafe, /<h1>Prova &lt;b><\/h1>/);
});

dbTest("the outbox pages 25 mails at a time", async (db) => {
  for (let i = 1; i <= 30; i++) await queue(db, `p${i}@posta.example`, `Avviso ${i}`, "Testo");
  const c = await signedIn(db, ADMIN.email);
  const first = await (await c.get("/operatore/posta")).text();
  assert.equal((first.match(/<tr>/g) ?? []).length - 1, 25);
  assert.match(first, /30 e-mail, pagina 1 di 2/);
  assert.match(first, /href="\/operatore\/posta\?pagina=2"/);
  const second = await c.get("/operatore/posta?pagina=2");
  assert.equal(second.status, 200);
  const html = await second.text();
  assert.equal((html.match(/<tr>/g) ?? []).length - 1, 5);
  assert.match(html, /Avviso 1</);
});

dbTest("another Ente's admin and operators never read this outbox", async (db) => {
  await addOtherTenant(db);
  const id = await queue(db, FAMILY.email, "Riservata Valdiponte", "Testo");
  const theirs = await signedIn(db, OTHER_ADMIN);
  const list = await theirs.get("/operatore/posta");
  assert.equal(list.status, 200);
  assert.ok(!(await list.text()).includes("Riservata Valdiponte"));
  const one = await theirs.get(`/operatore/posta/${id}`);
  assert.equal(one.status, 404);
  assert.match(one.headers.get("content-type")!, /text\/html/);

  const op = await signedIn(db, OPERATOR.email);
  assert.equal((await op.get("/operatore/posta")).status, 403);
  assert.equal((await op.get(`/operatore/posta/${id}`)).status, 403);
});

dbTest("SMTP: queued mail is delivered and marked sent", async (db) => {
  const server = fakeSmtp();
  try {
    const id = await queue(db, FAMILY.email, "Benvenuta in Piazza", "Ciao Chiara,\n.\nA presto");
    const transport = smtpTransport(server.url);
    assert.deepEqual(await deliverDue(db, transport, FROM), { sent: 1, failed: 0 });
    transport.close();

    assert.equal(server.received.length, 1);
    const [msg] = server.received;
    assert.equal(msg.auth, "\0piazza\0segreta", "credentials from the URL");
    assert.equal(msg.from, "noreply@comune.valdiponte.example");
    assert.deepEqual(msg.to, [FAMILY.email]);
    assert.match(msg.data, /^Subject: Benvenuta in Piazza$/m);
    assert.match(msg.data, new RegExp(`^X-Piazza-Outbox-Id: ${id}$`, "im"));
    assert.match(msg.data, /Ciao Chiara,\r\n\.\r\nA presto/, "a lone dot survives");

    const row = await outboxRow(db, id);
    assert.ok(row.sent_at);
    assert.equal(row.error, null);
    assert.equal(row.attempts, 1);
    assert.deepEqual(await deliverDue(db, smtpTransport(server.url), FROM), { sent: 0, failed: 0 });

    const c = await signedIn(db, ADMIN.email, server.url);
    const html = await (await c.get("/operatore/posta")).text();
    assert.doesNotMatch(html, /Invio e-mail non configurato/);
    assert.match(html, /Inviata/);
  } finally {
    server.close();
  }
});

dbTest("SMTP: the sender started at boot delivers on its own", async (db) => {
  const server = fakeSmtp();
  const sender = startSmtpSender(db, { smtpUrl: server.url, mailFrom: FROM }, {
    intervalMs: 50,
  });
  try {
    const id = await queue(db, FAMILY.email, "Promemoria", "Testo");
    for (let i = 0; i < 100 && !(await outboxRow(db, id)).sent_at; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok((await outboxRow(db, id)).sent_at, "delivered without being asked");
    assert.equal(server.received.length, 1);
    assert.deepEqual(await sender.runOnce(), { sent: 0, failed: 0 });
  } finally {
    await sender.stop();
    server.close();
  }
});

dbTest("SMTP: a refused recipient keeps the mail, records the error, retries later", async (db) => {
  const refusing = fakeSmtp({ refuseRcpt: true });
  const accepting = fakeSmtp();
  try {
    const id = await queue(db, "nessuno@posta.example", "Avviso", "Testo");
    assert.deepEqual(await deliverDue(db, smtpTransport(refusing.url), FROM), {
      sent: 0,
      failed: 1,
    });
    let row = await outboxRow(db, id);
    assert.equal(row.sent_at, null);
    assert.match(row.error!, /550/);
    assert.equal(row.attempts, 1);
    assert.equal(row.due, false, "not retried at once");
    assert.equal(refusing.received.length, 0);

    assert.deepEqual(await deliverDue(db, smtpTransport(accepting.url), FROM), {
      sent: 0,
      failed: 0,
    });

    const c = await signedIn(db, ADMIN.email, refusing.url);
    const html = await (await c.get("/operatore/posta")).text();
    assert.match(html, /In attesa di invio/);
    assert.match(html, /550 5\.1\.1 mailbox unavailable/);
    assert.match(await (await c.get(`/operatore/posta/${id}`)).text(), /Tentativi di invio/);

    await db.asOwner((tx) =>
      tx.query("update public.mail_outbox set next_attempt_at = now() where id = $1", [id])
    );
    assert.deepEqual(await deliverDue(db, smtpTransport(accepting.url), FROM), {
      sent: 1,
      failed: 0,
    });
    row = await outboxRow(db, id);
    assert.ok(row.sent_at);
    assert.equal(row.error, null);
    assert.equal(row.attempts, 2);
    assert.deepEqual(accepting.received[0].to, ["nessuno@posta.example"]);
  } finally {
    refusing.close();
    accepting.close();
  }
});

Deno.test("retry delays double up to six hours", () => {
  assert.deepEqual([1, 2, 3, 4, 9, 10, 20].map(retryDelayMinutes), [1, 2, 4, 8, 256, 360, 360]);
});
