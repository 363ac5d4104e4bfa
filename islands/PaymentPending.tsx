/**
 * The wait after the pagoPA checkout: asks the server every few seconds whether the receipt of
 * the notice has arrived and, when it has, reloads the page, which then shows the receipt. The
 * server-rendered text and the "Aggiorna" link work without JavaScript; the status line is a live
 * region so a screen reader hears the outcome.
 *
 * Use: `<PaymentPending lang={state.lang} url="/famiglie/pagamenti/<id>/esito?avviso=<n>" />`
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";

export interface PaymentPendingProps {
  lang: "it" | "en";
  /** The return page itself: with `accept: application/json` it answers `{ paid }`. */
  url: string;
  /** Milliseconds between checks. */
  every?: number;
}

/** Stop asking after this long: the receipt may take hours on a real PSP, the page says so. */
const GIVE_UP_MS = 5 * 60_000;

export default function PaymentPending({ lang, url, every = 2000 }: PaymentPendingProps) {
  const tr = (it: string, en: string) => lang === "en" ? en : it;
  const [status, setStatus] = useState<"idle" | "checking" | "paid" | "stopped">("idle");

  useEffect(() => {
    let stopped = false;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped) return;
      try {
        const res = await fetch(url, { headers: { accept: "application/json" } });
        if (res.ok) {
          const body = await res.json() as { paid?: boolean };
          if (body.paid) {
            setStatus("paid");
            globalThis.location.reload();
            return;
          }
        }
      } catch { /* offline for a moment: try again */ }
      if (Date.now() - started > GIVE_UP_MS) return setStatus("stopped");
      setStatus("checking");
      timer = setTimeout(tick, every);
    };
    timer = setTimeout(tick, every);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, every]);

  return (
    <p role="status" aria-live="polite" class="mb-3">
      {status === "paid"
        ? tr(
          "Pagamento ricevuto: apertura della ricevuta…",
          "Payment received: opening the receipt…",
        )
        : status === "stopped"
        ? tr(
          "La conferma non è ancora arrivata. Puoi chiudere questa pagina: quando il pagamento sarà registrato lo vedrai nella sezione Pagamenti.",
          "The confirmation has not arrived yet. You may close this page: once the payment is recorded you will see it under Payments.",
        )
        : status === "checking"
        ? tr("Verifica in corso…", "Checking…")
        : ""}
    </p>
  );
}
