/**
 * Diary posts: reading them as the caller sees them (RLS decides: a teacher their classes, a
 * family their children, staff all), writing one with its photos, and read receipts. Every write
 * announces itself to the rooms of the class and of each child concerned, after commit.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { emit, rooms } from "../realtime/emit.ts";

export interface DiaryPhoto {
  id: string;
  alt_text: string;
  content_type: string;
  url: string;
}

export interface DiaryReader {
  name: string;
  read_at: string;
}

export interface DiaryPost {
  id: string;
  class_id: string | null;
  enrollment_id: string | null;
  /** The class's name when the caller can see it (teachers, staff); null for families. */
  class_name: string | null;
  /** The child of a post to one child, when the caller may read the child's name. */
  child_name: string | null;
  author_name: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  photos: DiaryPhoto[];
  /** Receipts the caller may see: all of them for teachers and staff, their own for families. */
  readers: DiaryReader[];
  read_by_me: boolean;
  /** Written by the caller: they may edit or delete it (while teaching the class). */
  mine: boolean;
}

export interface PostFilter {
  class_id?: string | null;
  enrollment_id?: string | null;
  /** Posts written before this instant (paging back), newest first. */
  before?: string | null;
  id?: string | null;
  limit: number;
}

const iso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/**
 * The posts the caller may read, newest first. `class_id` also brings the posts to single
 * children of that class; `enrollment_id` the posts to that child and to the child's class.
 */
export async function listPosts(tx: Tx, f: PostFilter): Promise<DiaryPost[]> {
  const rows = await tx.query<Record<string, unknown>>(
    `select p.id, p.class_id, p.enrollment_id, p.author_name, p.body, p.created_at, p.edited_at,
            c.name as class_name,
            coalesce(
              (select b.name || ' ' || b.surname from public.enrollments e
                 join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
                where e.tenant_id = p.tenant_id and e.id = p.enrollment_id),
              -- Teachers read no registry: the names of their class's children only.
              (select ch.name || ' ' || ch.surname from public.enrollments e,
                      app.diary_class_children(e.class_id) ch
                where e.tenant_id = p.tenant_id and e.id = p.enrollment_id
                  and ch.enrollment_id = e.id)) as child_name,
            coalesce((select jsonb_agg(jsonb_build_object('id', ph.id, 'alt_text', ph.alt_text,
                        'content_type', ph.content_type) order by ph.created_at, ph.id)
                        from public.diary_photos ph
                       where ph.tenant_id = p.tenant_id and ph.post_id = p.id), '[]') as photos,
            coalesce((select jsonb_agg(jsonb_build_object('name', r.reader_name,
                        'read_at', r.read_at) order by r.read_at)
                        from public.diary_reads r
                       where r.tenant_id = p.tenant_id and r.post_id = p.id), '[]') as readers,
            exists (select 1 from public.diary_reads r where r.tenant_id = p.tenant_id
                       and r.post_id = p.id and r.user_id = app.user_id()) as read_by_me,
            p.author_id is not distinct from app.user_id() as mine
       from public.diary_posts p
       left join public.classes c on c.tenant_id = p.tenant_id and c.id = p.class_id
      where p.tenant_id = app.tenant_id()
        and ($1::uuid is null or p.class_id = $1 or p.enrollment_id in (
              select e.id from public.enrollments e
               where e.tenant_id = p.tenant_id and e.class_id = $1))
        and ($2::uuid is null or p.enrollment_id = $2 or p.class_id = (
              select e.class_id from public.enrollments e
               where e.tenant_id = p.tenant_id and e.id = $2))
        and ($3::timestamptz is null or p.created_at < $3)
        and ($5::uuid is null or p.id = $5)
      order by p.created_at desc, p.id desc
      limit $4`,
    [f.class_id ?? null, f.enrollment_id ?? null, f.before ?? null, f.limit, f.id ?? null],
  );
  return rows.map((r) => ({
    id: r.id as string,
    class_id: r.class_id as string | null,
    enrollment_id: r.enrollment_id as string | null,
    class_name: r.class_name as string | null,
    child_name: r.child_name as string | null,
    author_name: r.author_name as string,
    body: r.body as string,
    created_at: iso(r.created_at)!,
    edited_at: iso(r.edited_at),
    photos: (r.photos as Omit<DiaryPhoto, "url">[]).map((p) => ({
      ...p,
      url: `/api/v1/diary/photos/${p.id}`,
    })),
    readers: (r.readers as DiaryReader[]).map((x) => ({ ...x, read_at: iso(x.read_at)! })),
    read_by_me: r.read_by_me as boolean,
    mine: r.mine as boolean,
  }));
}

/** One post the caller may read, or null. */
export async function getPost(tx: Tx, id: string): Promise<DiaryPost | null> {
  const [post] = await listPosts(tx, { id, limit: 1 });
  return post ?? null;
}

export interface PhotoRow {
  storageKey: string;
  contentType: string;
  sizeBytes: number;
}

/** The rooms a post concerns: its class (teachers), and every child it reaches (families). */
export async function postRooms(
  tx: Tx,
  post: { class_id: string | null; enrollment_id: string | null },
): Promise<{ classId: string | null; enrollmentIds: string[] }> {
  if (post.enrollment_id) {
    const [e] = await tx.query<{ class_id: string | null }>(
      "select class_id from public.enrollments where tenant_id = app.tenant_id() and id = $1",
      [post.enrollment_id],
    );
    return { classId: e?.class_id ?? null, enrollmentIds: [post.enrollment_id] };
  }
  const kids = await tx.query<{ enrollment_id: string; diary_enabled: boolean }>(
    "select enrollment_id, diary_enabled from app.diary_class_children($1)",
    [post.class_id],
  );
  return {
    classId: post.class_id,
    enrollmentIds: kids.filter((k) => k.diary_enabled).map((k) => k.enrollment_id),
  };
}

/**
 * Inserts a post and its photos' rows as the caller (a teacher of the class, under RLS; the
 * database refuses it when the diary is off) and queues `diary.post` for the class and children.
 */
export async function insertPost(
  tx: Tx,
  post: { class_id: string | null; enrollment_id: string | null; body: string },
  photos: PhotoRow[],
  altText: string | null,
): Promise<string> {
  // A class or child the caller cannot see is refused as such, before the diary switch is asked.
  const visible = await tx.query(
    post.class_id
      ? "select 1 from public.classes where tenant_id = app.tenant_id() and id = $1 and id = any (app.my_class_ids())"
      : "select 1 from public.enrollments where tenant_id = app.tenant_id() and id = $1 and app.enrollment_in_my_classes(id)",
    [post.class_id ?? post.enrollment_id],
  );
  if (!visible.length) {
    throw Object.assign(new Error("diary: not a class or child of the caller"), { code: "42501" });
  }
  const [row] = await tx.query<{ id: string; created_at: string }>(
    `insert into public.diary_posts (tenant_id, class_id, enrollment_id, author_id, author_name, body)
     values (app.tenant_id(), $1, $2, app.user_id(), '-', $3) returning id, created_at`,
    [post.class_id, post.enrollment_id, post.body],
  );
  for (const p of photos) {
    await tx.query(
      `insert into public.diary_photos (tenant_id, post_id, storage_key, content_type, size_bytes,
         alt_text)
       values (app.tenant_id(), $1, $2, $3, $4, $5)`,
      [row.id, p.storageKey, p.contentType, p.sizeBytes, altText],
    );
  }
  const { classId, enrollmentIds } = await postRooms(tx, post);
  const data = {
    post_id: row.id,
    class_id: post.class_id,
    enrollment_id: post.enrollment_id,
    created_at: new Date(row.created_at).toISOString(),
  };
  if (classId) await emit(tx, rooms.class(classId), "diary.post", data);
  for (const e of enrollmentIds) await emit(tx, rooms.child(e), "diary.post", data);
  return row.id;
}

/** Announces a change of post `p` (edited, deleted) to its class and children, after commit. */
async function announce(
  tx: Tx,
  p: { id: string; class_id: string | null; enrollment_id: string | null },
  event: "diary.edited" | "diary.deleted",
): Promise<void> {
  const { classId, enrollmentIds } = await postRooms(tx, p);
  const data = { post_id: p.id, class_id: p.class_id, enrollment_id: p.enrollment_id };
  if (classId) await emit(tx, rooms.class(classId), event, data);
  for (const e of enrollmentIds) await emit(tx, rooms.child(e), event, data);
}

type PostRef = { id: string; class_id: string | null; enrollment_id: string | null };

/**
 * Replaces the text of the caller's own post (RLS: the author, while teaching the class) and
 * stamps `edited_at`; the audit trigger keeps the text before and after. False when the post is
 * not the caller's (or does not exist).
 */
export async function updatePostBody(tx: Tx, id: string, body: string): Promise<boolean> {
  const [p] = await tx.query<PostRef>(
    `update public.diary_posts set body = $2, edited_at = now()
      where tenant_id = app.tenant_id() and id = $1 and author_id = app.user_id()
      returning id, class_id, enrollment_id`,
    [id, body],
  );
  if (!p) return false;
  await announce(tx, p, "diary.edited");
  return true;
}

/**
 * Deletes the caller's own post with its photos' rows and receipts (RLS: the author, while
 * teaching the class); audited. Returns the storage keys of its photos, for the caller to remove
 * after commit, or null when the post is not the caller's.
 */
export async function deletePost(tx: Tx, id: string): Promise<string[] | null> {
  const keys = await tx.query<{ storage_key: string }>(
    "select storage_key from public.diary_photos where tenant_id = app.tenant_id() and post_id = $1",
    [id],
  );
  // Rooms are computed while the post still exists; RLS decides whether it goes.
  const [gone] = await tx.query<PostRef>(
    `delete from public.diary_posts
      where tenant_id = app.tenant_id() and id = $1 and author_id = app.user_id()
      returning id, class_id, enrollment_id`,
    [id],
  );
  if (!gone) return null;
  await announce(tx, gone, "diary.deleted");
  return keys.map((k) => k.storage_key);
}

/**
 * Records that the caller (a family member) opened `postId`; the first time, tells the class
 * room so the teacher sees the receipt. Returns whether the receipt is new. Throws 42501 when the
 * post is not for the caller's children.
 */
export async function markRead(tx: Tx, postId: string): Promise<boolean> {
  const [{ fresh }] = await tx.query<{ fresh: boolean }>(
    "select app.diary_mark_read($1) as fresh",
    [postId],
  );
  if (!fresh) return false;
  const [p] = await tx.query<{ class_id: string | null; enrollment_id: string | null }>(
    "select class_id, enrollment_id from public.diary_posts where tenant_id = app.tenant_id() and id = $1",
    [postId],
  );
  const { classId } = await postRooms(tx, p);
  if (classId) {
    await emit(tx, rooms.class(classId), "diary.read", { post_id: postId, read_at: new Date() });
  }
  return true;
}

/** A photo's stored file, when the caller may read its post. */
export async function photoByIdForReader(
  tx: Tx,
  id: string,
): Promise<{ storage_key: string; content_type: string } | null> {
  const [row] = await tx.query<{ storage_key: string; content_type: string }>(
    `select storage_key, content_type from public.diary_photos
      where tenant_id = app.tenant_id() and id = $1`,
    [id],
  );
  return row ?? null;
}

/**
 * The user ids a new post should notify by web push: the family accounts of the children it
 * reaches. Runs as service_role (`db.asService`), so the Ente is named: the teacher who wrote the
 * post reads no family records. `await diaryPushTargets(tx, tenantId, postId) // ["9f0c…"]`
 */
export async function diaryPushTargets(
  tx: Tx,
  tenantId: string,
  postId: string,
): Promise<string[]> {
  const rows = await tx.query<{ user_id: string }>(
    `with p as (select class_id, enrollment_id from public.diary_posts
                 where tenant_id = $2::uuid and id = $1),
     enr as (select e.id, e.household_id, e.payer_id from public.enrollments e, p
              where e.tenant_id = $2::uuid
                and (e.id = p.enrollment_id or (p.class_id is not null and e.class_id = p.class_id))
                and exists (select 1 from public.services s where s.tenant_id = e.tenant_id
                            and s.id = e.service_id and s.diary_enabled))
     select distinct x.user_id from (
       select pp.user_id from enr join public.household_members m
           on m.tenant_id = $2::uuid and m.household_id = enr.household_id
          and m.role in ('parent', 'legal_guardian')
         join public.people pp on pp.tenant_id = $2::uuid and pp.id = m.person_id
       union
       select pp.user_id from enr join public.people pp
           on pp.tenant_id = $2::uuid and pp.id = enr.payer_id) x
      where x.user_id is not null`,
    [postId, tenantId],
  );
  return rows.map((r) => r.user_id);
}
