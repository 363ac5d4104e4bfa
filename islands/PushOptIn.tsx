/**
 * Push notifications on this device: opt-in per device (browser profile), opt-out, and the state
 * the browser is in (unsupported, blocked, enabled). Registers `static/sw.js` (scope "/"), asks
 * the browser for a subscription with the server's VAPID key (from
 * `GET /api/v1/push-subscriptions`) and stores it with `POST`; disabling unsubscribes the browser
 * and deletes the record.
 *
 * Server render and first paint: a short text only. Buttons appear after hydration, when they can
 * work (a button that does nothing must not be offered).
 *
 * Use: `<PushOptIn lang={state.lang} csrf={state.csrfToken} />`
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";

export interface PushOptInProps {
  lang: "it" | "en";
  csrf: string;
}

type Status =
  | "loading"
  | "unsupported"
  | "denied"
  | "off"
  | "on"
  | "working";

const API = "/api/v1/push-subscriptions";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replaceAll("-", "+").replaceAll("_", "/");
  const raw = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function supported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator &&
    typeof globalThis.PushManager === "function" && typeof globalThis.Notification === "function";
}

export default function PushOptIn({ lang, csrf }: PushOptInProps) {
  const tr = (it: string, en: string) => lang === "en" ? en : it;
  const [status, setStatus] = useState<Status>("loading");
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    if (!supported()) return setStatus("unsupported");
    if (Notification.permission === "denied") return setStatus("denied");
    (async () => {
      try {
        const reg = await navigator.serviceWorker.register("/static/sw.js", { scope: "/" });
        const sub = await reg.pushManager.getSubscription();
        setStatus(sub ? "on" : "off");
      } catch {
        setStatus("unsupported");
      }
    })();
  }, []);

  async function enable() {
    setError("");
    setStatus("working");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setStatus(permission === "denied" ? "denied" : "off");
        return;
      }
      const res = await fetch(API, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`GET ${res.status}`);
      const { vapid_public_key } = await res.json();
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(vapid_public_key),
      });
      const saved = await fetch(API, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ ...sub.toJSON(), user_agent: navigator.userAgent.slice(0, 500) }),
      });
      if (!saved.ok) {
        await sub.unsubscribe();
        throw new Error(`POST ${saved.status}`);
      }
      setStatus("on");
      setMessage(
        tr("Notifiche attivate su questo dispositivo.", "Notifications enabled on this device."),
      );
    } catch {
      setStatus("off");
      setError(tr(
        "Non è stato possibile attivare le notifiche. Riprova più tardi.",
        "Notifications could not be enabled. Please try again later.",
      ));
    }
  }

  async function disable() {
    setError("");
    setStatus("working");
    try {
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.getSubscription();
      if (sub) {
        const res = await fetch(`${API}?endpoint=${encodeURIComponent(sub.endpoint)}`, {
          method: "DELETE",
          headers: { "x-csrf-token": csrf },
        });
        if (!res.ok) throw new Error(`DELETE ${res.status}`);
        await sub.unsubscribe();
      }
      setStatus("off");
      setMessage(
        tr(
          "Notifiche disattivate su questo dispositivo.",
          "Notifications disabled on this device.",
        ),
      );
    } catch {
      setStatus("on");
      setError(tr(
        "Non è stato possibile disattivare le notifiche. Riprova più tardi.",
        "Notifications could not be disabled. Please try again later.",
      ));
    }
  }

  const text: Record<Status, string> = {
    loading: tr(
      "Puoi ricevere su questo dispositivo le notifiche di assenze, diario ed esiti delle domande.",
      "You can receive notifications of absences, diary posts and application outcomes on this device.",
    ),
    unsupported: tr(
      "Questo browser non supporta le notifiche push. Su iPhone e iPad aggiungi prima il sito alla schermata Home.",
      "This browser does not support push notifications. On iPhone and iPad, add the site to the Home Screen first.",
    ),
    denied: tr(
      "Hai bloccato le notifiche per questo sito: puoi riattivarle dalle impostazioni del browser.",
      "You blocked notifications for this site: you can allow them again in the browser settings.",
    ),
    off: tr(
      "Le notifiche non sono attive su questo dispositivo.",
      "Notifications are off on this device.",
    ),
    on: tr(
      "Le notifiche sono attive su questo dispositivo.",
      "Notifications are on for this device.",
    ),
    working: tr("Attendere…", "Please wait…"),
  };

  return (
    <section class="card-wrapper mb-4" aria-labelledby="push-optin-title">
      <div class="card card-bg">
        <div class="card-body">
          <h2 class="h5 card-title" id="push-optin-title">
            {tr("Notifiche su questo dispositivo", "Notifications on this device")}
          </h2>
          <p class="mb-2" data-push-status={status}>{text[status]}</p>
          {status === "off" && (
            <button type="button" class="btn btn-primary btn-sm" onClick={enable}>
              {tr("Attiva le notifiche", "Enable notifications")}
            </button>
          )}
          {status === "on" && (
            <button type="button" class="btn btn-outline-primary btn-sm" onClick={disable}>
              {tr("Disattiva le notifiche", "Disable notifications")}
            </button>
          )}
          <p class="small mt-2 mb-0" role="status">{message}</p>
          {error && <div class="alert alert-danger mt-2 mb-0" role="alert">{error}</div>}
        </div>
      </div>
    </section>
  );
}
