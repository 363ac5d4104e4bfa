/**
 * Scanner of attendance cards: the phone camera (`getUserMedia`) with `jsqr` decoding frames,
 * or the code typed (or sent by a keyboard-wedge reader) into an accessible form. Each scan is
 * posted to `endpoint`; without a connection it is queued in IndexedDB (`idb`) with its own time
 * and sent when the connection is back, each with its result shown.
 *
 * Without JavaScript the form posts to the page itself and the server shows the result.
 *
 * @module
 */
import { openDB } from "idb";
import jsQRModule from "jsqr";
import { useEffect, useRef, useState } from "preact/hooks";

export interface ScanChild {
  name: string;
  surname: string;
  service: string;
  class_name: string | null;
  diet: { name: string; kind: string } | null;
  alert: { it: string; en: string } | null;
}

export interface ScanAnswer {
  outcome: "recorded" | "already" | "stale" | "rejected" | "invalid";
  day: string | null;
  child: ScanChild | null;
  message: { it: string; en: string };
}

export interface QrScannerProps {
  /** The page itself (form fallback) and its JSON endpoint. */
  action: string;
  endpoint: string;
  csrf: string;
  lang: "it" | "en";
  initial: ScanAnswer | null;
  /** Only the Ente's tenant id names the queue: devices shared between Enti keep them apart. */
  queueName: string;
}

interface Queued {
  id?: number;
  token: string;
  scanned_at: string;
}

type Decode = (
  data: Uint8ClampedArray,
  w: number,
  h: number,
  o?: object,
) => { data: string } | null;
// A CommonJS (UMD) module: its default export arrives as `.default` or as the module itself.
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ??
  (jsQRModule as unknown as Decode);

const T = {
  it: {
    code: "Codice della tessera",
    hint: "Inquadra il QR con la fotocamera, oppure scrivi il codice stampato sotto il QR.",
    submit: "Registra presenza",
    start: "Avvia fotocamera",
    stop: "Ferma fotocamera",
    cameraError: "Fotocamera non disponibile: usa il codice scritto.",
    offline:
      "Non in linea: la scansione è salvata sul dispositivo e sarà inviata appena possibile.",
    queued: (n: number) => `${n} scansioni in attesa di invio`,
    synced: "Scansioni inviate al ritorno della connessione",
    diet: "Dieta",
    video: "Anteprima della fotocamera",
  },
  en: {
    code: "Card code",
    hint: "Point the camera at the QR, or type the code printed under it.",
    submit: "Record presence",
    start: "Start camera",
    stop: "Stop camera",
    cameraError: "Camera not available: use the printed code.",
    offline: "Offline: the scan is saved on this device and will be sent as soon as possible.",
    queued: (n: number) => `${n} scans waiting to be sent`,
    synced: "Scans sent when the connection came back",
    diet: "Diet",
    video: "Camera preview",
  },
};

const KIND: Record<ScanAnswer["outcome"], string> = {
  recorded: "success",
  already: "info",
  stale: "warning",
  rejected: "danger",
  invalid: "danger",
};

function Result({ r, lang }: { r: ScanAnswer; lang: "it" | "en" }) {
  const t = T[lang];
  return (
    <div
      class={`alert alert-${KIND[r.outcome]} scan-result`}
      role={r.outcome === "rejected" || r.outcome === "invalid" ? "alert" : "status"}
      data-outcome={r.outcome}
    >
      {r.child && (
        <p class="display-6 fw-bold mb-2 scan-name">
          {r.child.name} {r.child.surname}
        </p>
      )}
      {r.child?.alert && <p class="h3 text-danger fw-bold mb-2 scan-alert">{r.child.alert[lang]}
      </p>}
      {r.child?.diet && !r.child.alert && <p class="h4 mb-2">{t.diet}: {r.child.diet.name}</p>}
      {r.child && (
        <p class="mb-2">
          {r.child.service}
          {r.child.class_name ? ` — ${r.child.class_name}` : ""}
        </p>
      )}
      <p class="mb-0 fw-semibold">{r.message[lang]}</p>
    </div>
  );
}

export default function QrScanner(props: QrScannerProps) {
  const t = T[props.lang];
  const [result, setResult] = useState<ScanAnswer | null>(props.initial);
  const [note, setNote] = useState<string | null>(null);
  const [queued, setQueued] = useState(0);
  const [synced, setSynced] = useState<ScanAnswer[]>([]);
  const [camera, setCamera] = useState(false);
  const [code, setCode] = useState("");
  // The camera button does nothing without JavaScript: offered only once hydrated.
  const [enhanced, setEnhanced] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const last = useRef<{ token: string; at: number } | null>(null);

  const db = () =>
    openDB(`piazza-scans-${props.queueName}`, 1, {
      upgrade(d) {
        d.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      },
    });

  async function post(scan: Queued): Promise<ScanAnswer> {
    const res = await fetch(props.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": props.csrf },
      body: JSON.stringify({ token: scan.token, scanned_at: scan.scanned_at }),
    });
    if (!res.ok && res.status !== 422) throw new Error(`HTTP ${res.status}`);
    return await res.json() as ScanAnswer;
  }

  async function refreshQueue() {
    const d = await db();
    setQueued(await d.count("queue"));
  }

  async function sync() {
    if (!navigator.onLine) return;
    const d = await db();
    const items = await d.getAll("queue") as Queued[];
    const done: ScanAnswer[] = [];
    for (const item of items) {
      try {
        done.push(await post(item));
        await d.delete("queue", item.id!);
      } catch {
        break;
      }
    }
    if (done.length) setSynced((s) => [...done, ...s]);
    await refreshQueue();
  }

  async function submit(token: string) {
    const scan: Queued = { token: token.trim(), scanned_at: new Date().toISOString() };
    if (!scan.token) return;
    setNote(null);
    try {
      if (!navigator.onLine) throw new Error("offline");
      setResult(await post(scan));
    } catch {
      const d = await db();
      await d.add("queue", scan);
      setResult(null);
      setNote(t.offline);
      await refreshQueue();
    }
  }

  useEffect(() => {
    setEnhanced(true);
    refreshQueue().then(sync).catch(() => {});
    const online = () => sync().catch(() => {});
    addEventListener("online", online);
    return () => {
      removeEventListener("online", online);
      stream.current?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  useEffect(() => {
    if (!camera) return;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    (async () => {
      try {
        stream.current = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch {
        setCamera(false);
        setNote(t.cameraError);
        return;
      }
      const v = video.current!;
      v.srcObject = stream.current;
      await v.play().catch(() => {});
      const tick = () => {
        if (stopped) return;
        if (v.readyState >= 2 && v.videoWidth) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          ctx.drawImage(v, 0, 0);
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const found = jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
          const now = Date.now();
          if (
            found?.data &&
            !(last.current && last.current.token === found.data && now - last.current.at < 4000)
          ) {
            last.current = { token: found.data, at: now };
            submit(found.data);
          }
        }
        frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    })();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream.current?.getTracks().forEach((tr) => tr.stop());
      stream.current = null;
    };
  }, [camera]);

  return (
    <div class="qr-scanner">
      <div aria-live="polite">
        {result && <Result r={result} lang={props.lang} />}
        {note && <div class="alert alert-warning" role="status">{note}</div>}
        {queued > 0 && <p class="fw-semibold" id="scan-queue">{t.queued(queued)}</p>}
      </div>
      <form
        method="post"
        action={props.action}
        class="mb-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit(code);
          setCode("");
        }}
      >
        <input type="hidden" name="_csrf" value={props.csrf} />
        <div class="form-group">
          <label for="scan-code" class="active">{t.code}</label>
          <input
            id="scan-code"
            name="token"
            type="text"
            class="form-control form-control-lg"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="scan-code-hint"
            value={code}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
          <small id="scan-code-hint" class="form-text">{t.hint}</small>
        </div>
        <button id="scan-submit" type="submit" class="btn btn-primary btn-lg mt-2">
          {t.submit}
        </button>
      </form>
      {enhanced && (
        <p>
          <button
            type="button"
            class="btn btn-outline-primary"
            aria-pressed={camera ? "true" : "false"}
            onClick={() => setCamera(!camera)}
          >
            {camera ? t.stop : t.start}
          </button>
        </p>
      )}
      {camera && (
        <video
          ref={video}
          class="w-100 border rounded"
          style={{ maxWidth: "32rem" }}
          muted
          playsInline
          aria-label={t.video}
        />
      )}
      {synced.length > 0 && (
        <section aria-labelledby="synced-title" class="mt-4">
          <h2 id="synced-title" class="h5">{t.synced}</h2>
          {synced.map((r, i) => <Result key={i} r={r} lang={props.lang} />)}
        </section>
      )}
    </div>
  );
}
