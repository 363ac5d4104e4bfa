/**
 * A family asks for a rateizzazione through the API (`/api/v1/my-positions/{id}/instalment-requests`):
 * the request made and read back, its refusals as structured JSON, another family's position and
 * the office kept out of asking.
 */
import assert from "node:assert/strict";
import { refuseRequest } from "../lib/billing/instalment_plan_requests.ts";
import { dbTest } from "./helpers/db.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";
import { api, signedIn } from "./helpers/fixtures_sites.ts";

const path = (id: string) => `/api/v1/my-positions/${id}/instalment-requests`;

dbTest("API: a family asks to pay in instalments and reads the answer", async (db) => {
  const f = await reminderFixture(db);
  const chiara = await signedIn(db, "chiara.colombo@posta.example");

  const made = await api(chiara, "POST", path(f.late), {
    instalments: 4,
    message: "  Vorrei pagare in quattro rate  ",
  });
  assert.equal(made.status, 201);
  const body = await made.json();
  assert.equal(body.debt_position_id, f.late);
  assert.equal(body.instalments, 4);
  assert.equal(body.message, "Vorrei pagare in quattro rate");
  assert.equal(body.status, "pending");
  assert.equal(body.decision_note, null);

  // One waiting request per position; amounts that do not allow the count; paid positions.
  const again = await api(chiara, "POST", path(f.late), { instalments: 2 });
  assert.equal(again.status, 409);
  assert.equal((await again.json()).code, "pending");
  // 5,00 € due today: five instalments of 1,00 € at most.
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set amount_cents = 500 where id = $1", [f.dueToday])
  );
  assert.equal((await api(chiara, "POST", path(f.dueToday), { instalments: 6 })).status, 422);
  const tooMany = await api(chiara, "POST", path(f.dueToday), { instalments: 12 });
  assert.equal(tooMany.status, 422);
  assert.equal((await tooMany.json()).code, "count");
  const paid = await api(chiara, "POST", path(f.paid), { instalments: 2 });
  assert.equal(paid.status, 409);
  assert.equal((await paid.json()).code, "not_payable");
  const bad = await api(chiara, "POST", path(f.dueToday), { instalments: 1 });
  assert.equal(bad.status, 422);

  // Not hers: 404, whether it exists or not.
  assert.equal((await api(chiara, "POST", path(f.other), { instalments: 2 })).status, 404);
  assert.equal((await api(chiara, "GET", path(f.other))).status, 404);
  assert.equal((await api(chiara, "GET", path("not-a-uuid"))).status, 404);

  // The office refuses; the family reads why.
  const { claims: op } = await demoOperator(db);
  await db.asUser(op, (tx) => refuseRequest(tx, body.id, "Importo sotto il minimo rateizzabile"));
  const read = await api(chiara, "GET", path(f.late));
  assert.equal(read.status, 200);
  const { items } = await read.json();
  assert.equal(items.length, 1);
  assert.equal(items[0].status, "refused");
  assert.equal(items[0].decision_note, "Importo sotto il minimo rateizzabile");
  assert.ok(items[0].decided_at);

  // The office does not ask on a family's behalf: not a position it pays.
  const office = await signedIn(db, "m.rossi@comune.valdiponte.example");
  assert.equal((await api(office, "POST", path(f.late), { instalments: 2 })).status, 404);
});
