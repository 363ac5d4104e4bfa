import assert from "node:assert/strict";
import { options, type VNode } from "preact";
import { useState } from "preact/hooks";
import PasswordField from "../../islands/PasswordField.tsx";
import type { IslandManifest } from "./build.ts";
import { islandScripts, registerIslands, renderToHtml } from "./render.ts";
import { IslandPropsError } from "./serialize.ts";
import Counter from "./testdata/islands/Counter.tsx";
import Greeting from "./testdata/islands/Greeting.tsx";
import Outer from "./testdata/islands/Outer.tsx";

// A hook installed by someone else before the islands hook: it must keep
// seeing every vnode (the islands hook chains it).
const seenTypes = new Set<unknown>();
const earlierHook = options.vnode;
options.vnode = (vnode: VNode) => {
  seenTypes.add(vnode.type);
  earlierHook?.(vnode);
};

const manifest: IslandManifest = {
  base: "/_islands/0123456789ab",
  boot: "/_islands/0123456789ab/boot.js",
  islands: {
    Counter: "/_islands/0123456789ab/Counter.js",
    Greeting: "/_islands/0123456789ab/Greeting.js",
    Outer: "/_islands/0123456789ab/Outer.js",
    PasswordField: "/_islands/0123456789ab/PasswordField.js",
  },
};

function setup() {
  registerIslands({ Counter, Greeting, Outer, PasswordField }, manifest);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Props JSON of each island marker, in document order. */
function propsScripts(html: string): unknown[] {
  return [
    ...html.matchAll(/<script type="application\/json" data-island-props(?:="")?>(.*?)<\/script>/g),
  ]
    .map((m) => JSON.parse(m[1]));
}

function Layout(props: { children: preact.ComponentChildren }) {
  // A hook outside any island: server hooks must keep working.
  const [title] = useState("Comune di Prova");
  return (
    <main>
      <h1>{title}</h1>
      {props.children}
    </main>
  );
}

Deno.test("an island nested in a non-island tree gets exactly one marker", () => {
  setup();
  const { html, islands } = renderToHtml(
    <Layout>
      <div class="card">
        <Counter start={3} label="Voti" />
      </div>
    </Layout>,
  );
  assert.deepEqual(islands, ["Counter"]);
  assert.equal(count(html, "data-island="), 1);
  assert.ok(html.includes("<h1>Comune di Prova</h1>"), html);
  assert.ok(
    html.includes(
      '<div data-island="Counter" data-island-src="/_islands/0123456789ab/Counter.js" ' +
        'style="display:contents"><button type="button">Voti: 3</button></div>' +
        '<script type="application/json" data-island-props',
    ),
    html,
  );
  assert.deepEqual(propsScripts(html), [{ start: 3, label: "Voti" }]);
});

Deno.test("an island inside an island is not wrapped again", () => {
  setup();
  const { html, islands } = renderToHtml(
    <Layout>
      <Outer title="Esterno" />
    </Layout>,
  );
  assert.deepEqual(islands, ["Outer"]);
  assert.equal(count(html, "data-island="), 1);
  assert.equal(count(html, "data-island-props"), 1);
  assert.ok(html.includes('data-island="Outer"'));
  // The nested Counter is still server-rendered, as a plain component.
  assert.ok(html.includes('<button type="button">inner: 1</button>'), html);
});

Deno.test("islands list: order of first use, no duplicates", () => {
  setup();
  const { html, islands } = renderToHtml(
    <div>
      <Greeting name="Ada" />
      <Counter start={0} label="a" />
      <Greeting name="Bea" tags={["x"]} />
      <Counter start={1} label="b" />
    </div>,
  );
  assert.deepEqual(islands, ["Greeting", "Counter"]);
  assert.equal(count(html, "data-island="), 4);
  assert.deepEqual(propsScripts(html), [
    { name: "Ada" },
    { start: 0, label: "a" },
    { name: "Bea", tags: ["x"] },
    { start: 1, label: "b" },
  ]);
});

Deno.test("a page without islands reports none and gets no scripts", () => {
  setup();
  const { html, islands } = renderToHtml(
    <Layout>
      <p>solo testo</p>
    </Layout>,
  );
  assert.deepEqual(islands, []);
  assert.ok(!html.includes("data-island"));
  assert.equal(islandScripts(islands, manifest), "");
});

Deno.test("an island as the root vnode is marked too", () => {
  setup();
  const { html, islands } = renderToHtml(<Greeting name="Root" />);
  assert.deepEqual(islands, ["Greeting"]);
  assert.ok(html.startsWith('<div data-island="Greeting"'), html);
});

Deno.test("hostile props are escaped inside the props script", () => {
  setup();
  const name = "</script><script>alert(1)</script><!--\u2028";
  const { html } = renderToHtml(<Greeting name={name} />);
  assert.equal(count(html, "</script>"), 1, html);
  assert.ok(!html.includes("<!--"));
  const json = html.slice(html.indexOf("data-island-props"));
  assert.ok(!json.includes("\u2028") && json.includes("\\u2028"), json);
  assert.deepEqual(propsScripts(html), [{ name }]);
});

Deno.test("non-serializable props fail the render with a clear error", () => {
  setup();
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => renderToHtml(<Greeting name={(() => "x") as any} />),
    (err: unknown) =>
      err instanceof IslandPropsError && /Island "Greeting".*props\.name/.test(err.message),
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => renderToHtml(<Greeting {...({ name: "x", children: <b>jsx</b> } as any)} />),
    /props\.children is not allowed/,
  );
  // A failed render leaves no state behind.
  assert.deepEqual(renderToHtml(<Greeting name="ok" />).islands, ["Greeting"]);
});

Deno.test("an earlier options.vnode hook is still called", () => {
  setup();
  seenTypes.clear();
  renderToHtml(
    <div>
      <Counter start={0} label="x" />
    </div>,
  );
  assert.ok(seenTypes.has("div"));
  assert.ok(seenTypes.has(Counter), "the earlier hook sees the island vnode");
});

Deno.test("islandScripts: modulepreload per island, then the boot module", () => {
  assert.equal(
    islandScripts(["Counter", "Greeting", "Counter"], manifest),
    '<link rel="modulepreload" href="/_islands/0123456789ab/Counter.js">' +
      '<link rel="modulepreload" href="/_islands/0123456789ab/Greeting.js">' +
      '<script type="module" src="/_islands/0123456789ab/boot.js"></script>',
  );
  assert.throws(() => islandScripts(["Nope"], manifest), /Island "Nope"/);
  const odd = { ...manifest, boot: '/x"y.js', islands: { A: "/a&b.js" } };
  assert.equal(
    islandScripts(["A"], odd),
    '<link rel="modulepreload" href="/a&#38;b.js"><script type="module" src="/x&#34;y.js"></script>',
  );
});

Deno.test("registerIslands validates names and the manifest", () => {
  assert.throws(() => registerIslands({ "bad-name": Counter }, manifest), /must match/);
  assert.throws(() => registerIslands({ Missing: Counter }, manifest), /no chunk in the manifest/);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => registerIslands({ Counter: "nope" as any }, manifest),
    /not a component/,
  );
  setup();
});

Deno.test("PasswordField renders a working field without JavaScript", () => {
  setup();
  const { html, islands } = renderToHtml(
    <form method="post" action="/login">
      <PasswordField
        id="pw"
        name="password"
        label="Password"
        autocomplete="current-password"
        required
        showLabel="Mostra password"
        hideLabel="Nascondi password"
        invalid
        describedBy="pw-error"
      />
    </form>,
  );
  assert.deepEqual(islands, ["PasswordField"]);
  assert.ok(
    html.includes('<div class="form-group"><label for="pw" class="active">Password</label>'),
    html,
  );
  const input = /<input [^>]*>/.exec(html)?.[0] ?? "";
  for (
    const attr of [
      'type="password"',
      'class="form-control input-password is-invalid"',
      'id="pw"',
      'name="password"',
      'autocomplete="current-password"',
      "required",
      'aria-invalid="true"',
      'aria-describedby="pw-error"',
    ]
  ) {
    assert.ok(input.includes(attr), `${attr} missing in ${input}`);
  }
  // The toggle needs JavaScript, so it only appears after hydration.
  assert.ok(!html.includes("<button"), html);
  assert.deepEqual(propsScripts(html)[0], {
    id: "pw",
    name: "password",
    label: "Password",
    autocomplete: "current-password",
    required: true,
    showLabel: "Mostra password",
    hideLabel: "Nascondi password",
    invalid: true,
    describedBy: "pw-error",
  });
});
