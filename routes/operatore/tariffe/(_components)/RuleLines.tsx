import type { Line } from "../../../../lib/tariffs/describe.ts";

/** Rules in words as nested lists. */
export function RuleLines({ lines }: { lines: Line[] }) {
  return (
    <ul class="mb-2">
      {lines.map((l, i) => (
        <li key={i}>
          {l.text}
          {l.children?.length ? <RuleLines lines={l.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
