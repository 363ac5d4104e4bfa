import assert from "node:assert/strict";
import { describeReferences, inUse, inUseRefusal } from "./deletion.ts";

const none = { classes: 0, application_items: 0, enrollments: 0 };

Deno.test("references: in use when anything refers to it", () => {
  assert.equal(inUse(none), false);
  assert.equal(inUse({ ...none, classes: 1 }), true);
  assert.equal(inUse({ ...none, application_items: 2 }), true);
  assert.equal(inUse({ ...none, enrollments: 3 }), true);
});

Deno.test("references: said in words, singular and plural, in both languages", () => {
  const cases: [typeof none, string, string][] = [
    [none, "", ""],
    [{ ...none, classes: 1 }, "1 classe", "1 class"],
    [{ ...none, classes: 5 }, "5 classi", "5 classes"],
    [{ ...none, application_items: 1 }, "1 domanda di iscrizione", "1 application"],
    [{ ...none, enrollments: 2 }, "2 iscrizioni", "2 enrollments"],
    [
      { ...none, classes: 2, enrollments: 1 },
      "2 classi e 1 iscrizione",
      "2 classes and 1 enrollment",
    ],
    [
      { classes: 3, application_items: 2, enrollments: 1 },
      "3 classi, 2 domande di iscrizione e 1 iscrizione",
      "3 classes, 2 applications and 1 enrollment",
    ],
  ];
  for (const [refs, it, en] of cases) {
    assert.equal(describeReferences(refs, "it"), it);
    assert.equal(describeReferences(refs, "en"), en);
  }
});

Deno.test("refusals: name what refers, or other records when only a foreign key could tell", () => {
  const site = inUseRefusal("site", { ...none, classes: 2 });
  assert.equal(site.code, "site_in_use");
  assert.equal(site.status, 409);
  assert.equal(
    site.text.it,
    "Il plesso non si può eliminare: vi fanno riferimento 2 classi. " +
      "Elimina o sposta prima le classi e aggiorna domande e iscrizioni.",
  );
  assert.deepEqual(site.extra, { references: { ...none, classes: 2 } });
  const cls = inUseRefusal("class", null);
  assert.equal(cls.code, "class_in_use");
  assert.match(
    cls.text.en,
    /^The class cannot be deleted: other records of the Ente refer to it\./,
  );
  assert.equal(cls.extra, undefined);
});
