import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import DiaryFeed from "../../../islands/DiaryFeed.tsx";
import {
  type Communication,
  listCommunications,
  markCommunicationRead,
} from "../../../lib/diary/communications.ts";
import { type DiaryPost, listPosts, markRead } from "../../../lib/diary/posts.ts";
import { define, page } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { rooms } from "../../../lib/realtime/emit.ts";

interface Data {
  posts: DiaryPost[];
  children: string[];
  notices: Communication[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => {
        const kids = await tx.query<{ id: string }>(
          `select e.id from public.enrollments e
             join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
            where e.tenant_id = app.tenant_id() and s.diary_enabled
              and app.enrollment_is_mine(e.id)
              and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date`,
        );
        const posts = await listPosts(tx, { limit: 50 });
        // Opening the diary is reading it: the teacher sees the receipts.
        for (const p of posts.filter((p) => !p.read_by_me)) await markRead(tx, p.id);
        const notices = await listCommunications(tx, { limit: 50, offset: 0 });
        for (const n of notices.filter((n) => n.read_at === null)) {
          await markCommunicationRead(tx, n.id);
        }
        return {
          posts: posts.map((p) => ({ ...p, read_by_me: true })),
          children: kids.map((k) => k.id),
          notices,
        };
      }),
    );
  },
});

/** The family's diary: the teachers' messages to their children, live, and the notices. */
export default define.page<Data>(function FamilyDiary({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[[tr("Diario e comunicazioni", "Diary and notices")]]}
      />
      <h1>{tr("Diario e comunicazioni", "Diary and notices")}</h1>
      <section aria-labelledby="diary-title" class="mb-5">
        <h2 id="diary-title" class="h4">{tr("Diario", "Diary")}</h2>
        {data.children.length === 0 && data.posts.length === 0
          ? (
            <p>
              {tr(
                "I tuoi figli non frequentano servizi con il diario attivo.",
                "Your children do not attend services with the diary enabled.",
              )}
            </p>
          )
          : (
            <DiaryFeed
              posts={data.posts}
              rooms={data.children.map((id) => rooms.child(id))}
              listUrl="/api/v1/diary/posts?limit=50"
              mode="family"
              csrf={state.csrfToken}
              lang={state.lang}
            />
          )}
      </section>
      <section aria-labelledby="notices-title">
        <h2 id="notices-title" class="h4">{tr("Comunicazioni", "Notices")}</h2>
        {data.notices.length === 0
          ? <p>{tr("Nessuna comunicazione ricevuta.", "No notices received.")}</p>
          : (
            <ol class="list-unstyled" id="notices">
              {data.notices.map((n) => (
                <li key={n.id} class="card card-bg mb-3">
                  <article class="card-body">
                    <h3 class="h6 card-title">{n.subject}</h3>
                    <p class="small text-secondary mb-2">
                      {n.author_name}
                      {n.service_title && ` · ${n.service_title}`} ·{" "}
                      <time datetime={n.sent_at}>
                        {formatDate(state.lang, new Date(n.sent_at))}
                      </time>
                    </p>
                    <p class="card-text" style="white-space: pre-line">{n.body}</p>
                  </article>
                </li>
              ))}
            </ol>
          )}
      </section>
    </>
  );
});
