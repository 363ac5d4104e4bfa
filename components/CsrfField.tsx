import type { State } from "../lib/http/define.ts";

/** The hidden double-submit token every POST form carries. */
export function CsrfField({ state }: { state: State }) {
  return <input type="hidden" name="_csrf" value={state.csrfToken} />;
}
