/**
 * The diary, live: renders the posts it is given, subscribes to the rooms of the page (a
 * teacher's class, a family's children) and reloads the list over HTTP when a post or a read
 * receipt is announced, or after a reconnection (events are hints, the database is the truth).
 * For families, every post shown is marked as read, so the teacher sees the receipt live.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { subscribe } from "./lib/live.ts";

export interface FeedPost {
  id: string;
  class_name: string | null;
  child_name: string | null;
  enrollment_id: string | null;
  author_name: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  photos: { id: string; alt_text: string; url: string }[];
  readers: { name: string; read_at: string }[];
  read_by_me: boolean;
  /** The caller wrote it: the teacher's feed offers to edit or delete it. */
  mine: boolean;
}

export interface DiaryFeedProps {
  posts: FeedPost[];
  rooms: string[];
  /** JSON list of the same posts (`/api/v1/diary/posts?…`). */
  listUrl: string;
  mode: "teacher" | "family";
  csrf: string;
  lang: "it" | "en";
}

const when = (iso: string, lang: "it" | "en") =>
  new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", {
    timeZone: "Europe/Rome",
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

export default function DiaryFeed(props: DiaryFeedProps) {
  const [posts, setPosts] = useState(props.posts);
  const [announce, setAnnounce] = useState("");
  const tr = (it: string, en: string) => props.lang === "it" ? it : en;

  useEffect(() => {
    let alive = true;
    const markRead = (list: FeedPost[]) => {
      if (props.mode !== "family") return;
      for (const p of list.filter((x) => !x.read_by_me)) {
        fetch(`/api/v1/diary/posts/${p.id}/read`, {
          method: "POST",
          headers: { "x-csrf-token": props.csrf },
          credentials: "same-origin",
        }).catch(() => {});
      }
    };
    const reload = async (news: boolean) => {
      const res = await fetch(props.listUrl, { credentials: "same-origin" });
      if (!res.ok || !alive) return;
      const { items } = await res.json() as { items: FeedPost[] };
      setPosts((before) => {
        const known = new Set(before.map((p) => p.id));
        const fresh = items.filter((p) => !known.has(p.id)).length;
        if (news && fresh) {
          setAnnounce(
            fresh === 1
              ? tr("Nuovo messaggio nel diario", "New message in the diary")
              : tr(`${fresh} nuovi messaggi nel diario`, `${fresh} new messages in the diary`),
          );
        }
        return items;
      });
      markRead(items);
    };
    let first = true;
    const stop = subscribe(
      props.rooms,
      {
        "diary.post": () => reload(true),
        "diary.read": () => reload(false),
        "diary.edited": () => reload(false),
        "diary.deleted": () => reload(false),
      },
      () => {},
      () => {
        // Once the rooms are joined: what happened since the page was rendered (or while the
        // connection was down) reached no socket. News are announced only the first time.
        reload(first);
        first = false;
      },
    );
    return () => {
      alive = false;
      stop();
    };
  }, []);

  return (
    <div data-diary-feed>
      <p class="visually-hidden" aria-live="polite">{announce}</p>
      {posts.length === 0
        ? (
          <p id="diary-empty">
            {tr("Non ci sono ancora messaggi nel diario.", "There are no diary messages yet.")}
          </p>
        )
        : (
          <ol class="list-unstyled" id="diary-posts">
            {posts.map((p) => (
              <li key={p.id} id={`post-${p.id}`} class="card card-bg mb-3" data-post-id={p.id}>
                <article class="card-body">
                  <h3 class="h6 card-title mb-1">
                    {p.enrollment_id
                      ? tr(
                        `Per ${p.child_name ?? "il bambino"}`,
                        `For ${p.child_name ?? "the child"}`,
                      )
                      : tr(
                        `A tutta la classe${p.class_name ? ` ${p.class_name}` : ""}`,
                        `To the whole class${p.class_name ? ` ${p.class_name}` : ""}`,
                      )}
                  </h3>
                  <p class="small text-secondary mb-2">
                    {p.author_name} ·{" "}
                    <time datetime={p.created_at}>{when(p.created_at, props.lang)}</time>
                    {p.edited_at && (
                      <span data-edited>
                        {" · "}
                        {tr("modificato", "edited")}{" "}
                        <time datetime={p.edited_at}>{when(p.edited_at, props.lang)}</time>
                      </span>
                    )}
                  </p>
                  <p class="card-text" style="white-space: pre-line">{p.body}</p>
                  {p.photos.length > 0 && (
                    <div class="row g-2 mb-2">
                      {p.photos.map((ph) => (
                        <div class="col-6 col-md-4" key={ph.id}>
                          <a href={ph.url}>
                            <img
                              src={ph.url}
                              alt={ph.alt_text}
                              class="img-fluid rounded"
                              loading="lazy"
                            />
                          </a>
                        </div>
                      ))}
                    </div>
                  )}
                  {props.mode === "teacher" && (
                    <p class="small mb-0" data-readers>
                      {p.readers.length === 0
                        ? tr("Non ancora letto", "Not read yet")
                        : tr("Letto da: ", "Read by: ") + p.readers.map((r) => r.name).join(", ")}
                    </p>
                  )}
                  {props.mode === "teacher" && p.mine && (
                    <p class="mt-2 mb-0 d-flex flex-wrap gap-3">
                      <a href={`/docenti/diario/messaggio/${p.id}`}>
                        {tr("Modifica", "Edit")}
                        <span class="visually-hidden">
                          {tr(" il messaggio del ", " the message of ") +
                            when(p.created_at, props.lang)}
                        </span>
                      </a>
                      <a href={`/docenti/diario/messaggio/${p.id}?elimina=1`} class="text-danger">
                        {tr("Elimina", "Delete")}
                        <span class="visually-hidden">
                          {tr(" il messaggio del ", " the message of ") +
                            when(p.created_at, props.lang)}
                        </span>
                      </a>
                    </p>
                  )}
                </article>
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
