import assert from "node:assert/strict";
import { allergensOf, dishesOn, type Menu, menuOn, rotationWeek, sortItems } from "./menus.ts";

const winter: Menu = {
  id: "m1",
  name: "Menù invernale",
  rotation_weeks: 4,
  starts_on: "2026-09-14",
  ends_on: "2027-03-28",
  items: [
    {
      week: 1,
      weekday: 2,
      course: "second",
      position: 0,
      dish: "Frittata al forno",
      allergens: ["eggs", "milk"],
    },
    {
      week: 1,
      weekday: 2,
      course: "first",
      position: 0,
      dish: "Pasta al pomodoro",
      allergens: ["gluten"],
    },
    {
      week: 1,
      weekday: 2,
      course: "fruit",
      position: 0,
      dish: "Frutta di stagione",
      allergens: [],
    },
    { week: 1, weekday: 2, course: "side", position: 0, dish: "Carote julienne", allergens: [] },
    {
      week: 2,
      weekday: 2,
      course: "first",
      position: 0,
      dish: "Risotto alla parmigiana",
      allergens: ["milk", "celery"],
    },
  ],
};

Deno.test("the rotation restarts every N weeks from the menu's first Monday", () => {
  assert.equal(rotationWeek(winter, "2026-09-14"), 1);
  assert.equal(rotationWeek(winter, "2026-09-20"), 1); // Sunday of week 1
  assert.equal(rotationWeek(winter, "2026-09-21"), 2);
  assert.equal(rotationWeek(winter, "2026-10-05"), 4);
  assert.equal(rotationWeek(winter, "2026-10-12"), 1);
  assert.equal(rotationWeek(winter, "2027-03-22"), 4); // 27 weeks after the start
  assert.equal(rotationWeek(winter, "2026-09-13"), null);
  assert.equal(rotationWeek(winter, "2027-03-29"), null);
  // Without an end the rotation goes on: 52 weeks later is week 1 again, 53 weeks week 2.
  assert.equal(rotationWeek({ ...winter, ends_on: null }, "2027-09-13"), 1);
  assert.equal(rotationWeek({ ...winter, ends_on: null }, "2027-09-20"), 2);
});

Deno.test("what is served on a day, in serving order, with its allergens", () => {
  const tuesday = dishesOn(winter, "2026-09-15");
  assert.deepEqual(tuesday.map((i) => i.dish), [
    "Pasta al pomodoro",
    "Frittata al forno",
    "Carote julienne",
    "Frutta di stagione",
  ]);
  assert.deepEqual(allergensOf(tuesday).sort(), ["eggs", "gluten", "milk"]);
  assert.deepEqual(dishesOn(winter, "2026-09-22").map((i) => i.dish), ["Risotto alla parmigiana"]);
  assert.deepEqual(dishesOn(winter, "2026-09-16"), []);
  assert.deepEqual(dishesOn(winter, "2026-10-13").map((i) => i.dish)[0], "Pasta al pomodoro");
  assert.equal(sortItems(winter.items)[0].dish, "Pasta al pomodoro");
});

Deno.test("the menu in force on a date", () => {
  const summer = { ...winter, id: "m2", starts_on: "2027-03-29", ends_on: null };
  assert.equal(menuOn([winter, summer], "2026-12-01")?.id, "m1");
  assert.equal(menuOn([winter, summer], "2027-05-10")?.id, "m2");
  assert.equal(menuOn([winter, summer], "2026-09-01"), null);
});
