/**
 * Writing a diary post, the same way from the teacher's page and from the API: text, target and
 * photos are checked first (photo types by their bytes, size caps), then the bytes are stored and
 * the rows recorded in one transaction; if recording fails the bytes are removed again.
 *
 * @module
 */
import type { Claims, Db } from "../db/types.ts";
import { checkImage } from "../storage/images.ts";
import { newStorageKey, type Storage } from "../storage/mod.ts";
import { notify } from "../push/send.ts";
import type { Problem } from "../tenancy/rules.ts";
import {
  deletePost,
  type DiaryPost,
  diaryPushTargets,
  getPost,
  insertPost,
  type PhotoRow,
  updatePostBody,
} from "./posts.ts";
import { checkPhotoSet, checkPostBody, checkTarget, refusalOf } from "./rules.ts";

export type PostField = "target" | "body" | "photos" | "alt_text";
export type PostProblems = Partial<Record<PostField, Problem>>;

export interface NewPost {
  class_id?: string | null;
  enrollment_id?: string | null;
  body: string;
  photos: Uint8Array[];
  alt_text: string;
}

export type PostOutcome =
  | { ok: true; post: DiaryPost }
  | { ok: false; status: 403 | 422; problems: PostProblems };

const notYours: Problem = {
  code: "diary.not_your_class",
  it: "Puoi scrivere solo alle tue classi e ai bambini delle tue classi.",
  en: "You can only write to your classes and to the children in them.",
};

/** Checks and stores a post of the caller (a teacher), under RLS. */
export async function createPost(
  db: Db,
  claims: Claims,
  storage: Storage,
  input: NewPost,
): Promise<PostOutcome> {
  const problems: PostProblems = {};
  const target = checkTarget(input);
  if (!target.ok) problems.target = target.problem;
  const body = checkPostBody(input.body);
  if (!body.ok) problems.body = body.problem;
  const set = checkPhotoSet(input.photos.length, input.alt_text);
  if (!set.ok) {
    problems[set.problem.code === "diary.alt_text" ? "alt_text" : "photos"] = set.problem;
  }
  const types: string[] = [];
  for (const [i, bytes] of input.photos.entries()) {
    const img = checkImage(bytes);
    if (!img.ok) {
      const n = input.photos.length > 1 ? ` (${i + 1}ª foto)` : "";
      const en = input.photos.length > 1 ? ` (photo ${i + 1})` : "";
      problems.photos ??= { ...img.problem, it: img.problem.it + n, en: img.problem.en + en };
    } else types.push(img.value);
  }
  if (!target.ok || !body.ok || !set.ok || problems.photos) {
    return { ok: false, status: 422, problems };
  }
  const tenantId = claims.app_metadata.tenant_id!;
  const rows: PhotoRow[] = input.photos.map((bytes, i) => ({
    storageKey: newStorageKey(tenantId),
    contentType: types[i],
    sizeBytes: bytes.length,
  }));
  for (const [i, r] of rows.entries()) await storage.put(r.storageKey, input.photos[i]);
  try {
    const post = await db.asUser(claims, async (tx) => {
      const id = await insertPost(
        tx,
        {
          class_id: "class_id" in target.value ? target.value.class_id : null,
          enrollment_id: "enrollment_id" in target.value ? target.value.enrollment_id : null,
          body: body.value,
        },
        rows,
        set.value,
      );
      return (await getPost(tx, id))!;
    });
    await pushNewPost(db, tenantId, post);
    return { ok: true, post };
  } catch (e) {
    for (const r of rows) await storage.delete(r.storageKey);
    const refusal = refusalOf(e);
    if (refusal) return { ok: false, status: 422, problems: { target: refusal } };
    const code = (e as { code?: string }).code;
    // RLS refused the row (42501), or the class / child is unknown in this Ente (23503).
    if (code === "42501" || code === "23503" || code === "22P02") {
      return { ok: false, status: 403, problems: { target: notYours } };
    }
    throw e;
  }
}

/** After commit: a web push to the families' devices that opted in; never fails the post. */
async function pushNewPost(db: Db, tenantId: string, post: DiaryPost): Promise<void> {
  try {
    const userIds = await db.asService((tx) => diaryPushTargets(tx, tenantId, post.id));
    await notify(db, {
      tenantId,
      userIds,
      title: `Diario — ${post.author_name}`,
      body: post.body.length > 140 ? `${post.body.slice(0, 139)}…` : post.body,
      url: "/famiglie/diario",
      tag: `diary-${post.id}`,
    });
  } catch (e) {
    console.error("diary: push of a new post failed", e);
  }
}

export type EditOutcome =
  | { ok: true; post: DiaryPost }
  | { ok: false; status: 404 | 422; problems: PostProblems };

const notYourPost: Problem = {
  code: "diary.not_your_post",
  it: "Puoi modificare o eliminare solo i tuoi messaggi, delle classi in cui insegni.",
  en: "You can only edit or delete your own messages, in the classes you teach.",
};

/** Replaces the text of the caller's own post, checked like a new one; audited. */
export async function editPost(
  db: Db,
  claims: Claims,
  id: string,
  text: string,
): Promise<EditOutcome> {
  const body = checkPostBody(text);
  if (!body.ok) return { ok: false, status: 422, problems: { body: body.problem } };
  const post = await db.asUser(claims, async (tx) => {
    if (!await updatePostBody(tx, id, body.value)) return null;
    return await getPost(tx, id);
  });
  return post ? { ok: true, post } : { ok: false, status: 404, problems: { target: notYourPost } };
}

/**
 * Deletes the caller's own post, its photos and receipts (audited); the photos' bytes are removed
 * after commit. False when the post is not the caller's.
 */
export async function removePost(
  db: Db,
  claims: Claims,
  storage: Storage,
  id: string,
): Promise<boolean> {
  const keys = await db.asUser(claims, (tx) => deletePost(tx, id));
  if (!keys) return false;
  for (const key of keys) {
    await storage.delete(key).catch((e) => console.error("diary: photo file not removed", key, e));
  }
  return true;
}
