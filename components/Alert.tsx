import type { ComponentChildren } from "preact";

type Kind = "success" | "danger" | "warning" | "info";

/** Bootstrap Italia alert; errors are announced by screen readers as soon as the page loads. */
export function Alert(
  { kind, children, id }: { kind: Kind; children: ComponentChildren; id?: string },
) {
  return (
    <div id={id} class={`alert alert-${kind}`} role={kind === "danger" ? "alert" : "status"}>
      {children}
    </div>
  );
}
