/**
 * Island props serialization: validates that props are plain JSON data and
 * produces JSON that is safe to inline inside `<script type="application/json">`.
 *
 * @module
 */

import { isValidElement } from "preact";

/** Thrown when island props cannot be shipped to the browser as JSON. */
export class IslandPropsError extends TypeError {
  override name = "IslandPropsError";
}

/** JSON value accepted as an island prop. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

function describe(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value !== "object" || value === null) return typeof value;
  if (Object.getPrototypeOf(value) !== null && isValidElement(value)) return "JSX element";
  const ctor = Object.getPrototypeOf(value)?.constructor;
  return ctor?.name ? `instance of ${ctor.name}` : "non-plain object";
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return true;
  // Preact vnodes are object literals too (with `constructor: undefined`).
  return proto === Object.prototype && !isValidElement(value);
}

function check(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (Number.isFinite(value)) return;
      throw new IslandPropsError(`${path} is ${value}, which JSON cannot represent`);
    case "object": {
      if (value === null) return;
      if (seen.has(value)) throw new IslandPropsError(`${path} is a circular reference`);
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          const itemPath = `${path}[${i}]`;
          if (item === undefined) {
            throw new IslandPropsError(`${itemPath} is undefined (use null in arrays)`);
          }
          check(item, itemPath, seen);
        });
      } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) {
          // Undefined object members are dropped, like optional props omitted.
          if (item !== undefined) check(item, `${path}.${key}`, seen);
        }
      } else {
        throw new IslandPropsError(`${path} is a ${describe(value)}, not plain JSON data`);
      }
      seen.delete(value);
      return;
    }
    default:
      throw new IslandPropsError(`${path} is a ${describe(value)}, not plain JSON data`);
  }
}

/**
 * Throws an {@link IslandPropsError} naming the offending prop path unless
 * `props` is a plain object made only of JSON data. `children` is always
 * rejected when present: islands receive data, not server-rendered JSX.
 */
export function assertSerializableProps(island: string, props: Record<string, unknown>): void {
  if (props.children !== undefined) {
    throw new IslandPropsError(
      `Island "${island}": props.children is not allowed (got ${describe(props.children)}); ` +
        "islands are hydrated from JSON props, pass data instead of JSX children",
    );
  }
  try {
    check(props, "props", new Set());
  } catch (err) {
    if (err instanceof IslandPropsError) {
      throw new IslandPropsError(`Island "${island}": ${err.message}`);
    }
    throw err;
  }
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * `JSON.stringify` whose output cannot terminate or alter the HTML element it
 * is inlined in: `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX` escapes,
 * which `JSON.parse` turns back into the same characters.
 */
export function stringifyForHtml(value: unknown): string {
  return JSON.stringify(value).replace(HTML_UNSAFE, (c) => HTML_ESCAPES[c]);
}

/** Validates island props and returns their HTML-safe JSON text. */
export function serializeProps(island: string, props: Record<string, unknown>): string {
  assertSerializableProps(island, props);
  const { children: _children, ...data } = props;
  return stringifyForHtml(data);
}

/** Escapes text for use inside a double-quoted HTML attribute. */
export function escapeAttr(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
