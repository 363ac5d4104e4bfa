/**
 * A "Stampa" button for a receipt. Rendered only after hydration: without JavaScript the page
 * says to use the browser's own print command, and a button that does nothing is never offered.
 *
 * Use: `<PaymentPrint lang={state.lang} />`
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";

export default function PaymentPrint({ lang }: { lang: "it" | "en" }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" class="btn btn-outline-primary" onClick={() => globalThis.print()}>
      {lang === "en" ? "Print the receipt" : "Stampa la ricevuta"}
    </button>
  );
}
