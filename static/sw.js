/*
 * Piazza service worker (registered by islands/PushOptIn.tsx and the pages that work offline,
 * scope "/": the server sends `Service-Worker-Allowed: /` for this file).
 *
 * 1. Web push: shows the notification sent by lib/push/send.ts ({title, body, url, tag}); a click
 *    focuses an open tab of the site on that URL or opens one.
 * 2. Offline: the teacher's roll-call page and what it needs keep working without network. Pages
 *    are network-first (fresh when online, the last copy when not); content-hashed bundles and
 *    vendor files are cache-first. Signing out (POST /esci) clears the cached pages.
 */

const VERSION = "piazza-sw-1";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;

// ---- CACHED URLS: extend these lists (one entry per line) for pages that must work offline ----
/** Fetched at install: the shell every offline page needs. */
const PRECACHE = [
  "/static/app.css",
  "/static/favicon.svg",
  "/static/vendor/bootstrap-italia@2.18.3/css/bootstrap-italia.min.css",
];
/** Pages kept for offline use (network-first), matched on the path. */
const OFFLINE_PAGES = [
  /^\/docenti\/?$/,
  /^\/docenti\/classi\/[0-9a-f-]{36}\/?$/,
];
/** Immutable or versioned files (cache-first), matched on the path. */
const OFFLINE_ASSETS = [
  /^\/_islands\//,
  /^\/static\/vendor\//,
  /^\/static\/[^/]+\.(css|svg|png|woff2?)$/,
];
// ---- end of cached URLS ----

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(ASSETS)
      .then((cache) => cache.addAll(PRECACHE).catch(() => {}))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => !k.startsWith(VERSION)).map((k) => caches.delete(k)))
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/esci") {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && OFFLINE_PAGES.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(request));
  } else if (OFFLINE_ASSETS.some((re) => re.test(url.pathname))) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    // Only a page actually shown to the signed-in user; never a redirect to the sign-in form.
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Piazza";
  const url = typeof data.url === "string" && /^\/(?![/\\])/.test(data.url) ? data.url : "/";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      icon: "/static/favicon.svg",
      badge: "/static/favicon.svg",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      lang: "it",
      data: { url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? "/", self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === target && "focus" in client) return client.focus();
    }
    for (const client of windows) {
      if ("navigate" in client && "focus" in client) {
        await client.focus();
        return client.navigate(target);
      }
    }
    return self.clients.openWindow(target);
  })());
});
