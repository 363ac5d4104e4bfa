import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import { type DiaryPost, getPost, postRooms } from "../../../../lib/diary/posts.ts";
import { MAX_POST_CHARS } from "../../../../lib/diary/rules.ts";
import { editPost, removePost } from "../../../../lib/diary/store.ts";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  post: DiaryPost;
  classId: string;
  className: string;
  confirmDelete: boolean;
  body: string;
  errors: FieldErrors;
}

/** The caller's own post (RLS: a teacher reads their classes' posts), or 404. */
async function load(c: Ctx) {
  const { db, claims } = c.get("state");
  const id = c.req.param("id") ?? "";
  const notFound = new HttpError(404, "No such message of yours", { code: "not_found" });
  if (!isUuid(id)) throw notFound;
  return await db.asUser(claims!, async (tx) => {
    const post = await getPost(tx, id);
    if (!post?.mine) throw notFound;
    const { classId } = await postRooms(tx, post);
    if (!classId) throw notFound;
    const [cls] = await tx.query<{ name: string }>(
      "select name from public.classes where tenant_id = app.tenant_id() and id = $1",
      [classId],
    );
    return { post, classId, className: cls?.name ?? "" };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const base = await load(c);
    const confirmDelete = new URL(c.req.url).searchParams.get("elimina") === "1";
    return page({ ...base, confirmDelete, body: base.post.body, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const base = await load(c);
    const form = await c.req.parseBody();
    const back = `/docenti/diario/${base.classId}`;
    if (form.action === "delete") {
      const gone = await removePost(
        state.db,
        state.claims!,
        storageFor(state.config),
        base.post.id,
      );
      if (!gone) throw new HttpError(404, "No such message of yours", { code: "not_found" });
      return c.redirect(`${back}?eliminato=1`, 303);
    }
    const body = typeof form.body === "string" ? form.body : "";
    const out = await editPost(state.db, state.claims!, base.post.id, body);
    if (!out.ok) {
      if (out.status === 404) {
        throw new HttpError(404, "No such message of yours", { code: "not_found" });
      }
      const errors: FieldErrors = {};
      for (const [field, p] of Object.entries(out.problems)) errors[field] = p[state.lang];
      return page({ ...base, confirmDelete: false, body, errors }, { status: 422 });
    }
    return c.redirect(`${back}?modificato=1#post-${base.post.id}`, 303);
  },
});

/** Editing one's own diary message, or deleting it after a confirmation. */
export default define.page<Data>(function EditDiaryPost({ data, state }) {
  const { post, errors } = data;
  const tr = state.tr;
  const self = `/docenti/diario/messaggio/${post.id}`;
  const back = `/docenti/diario/${data.classId}`;
  const to = post.enrollment_id
    ? tr(`Per ${post.child_name ?? "un bambino"}`, `For ${post.child_name ?? "a child"}`)
    : tr(`A tutta la classe ${data.className}`, `To the whole class ${data.className}`);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Oggi", "Today"), "/docenti"],
          [tr("Diario di classe", "Class diary"), "/docenti/diario"],
          [data.className, back],
          [data.confirmDelete ? tr("Elimina", "Delete") : tr("Modifica", "Edit")],
        ]}
      />
      {data.confirmDelete
        ? <h1>{tr("Eliminare il messaggio?", "Delete the message?")}</h1>
        : <h1>{tr("Modifica il messaggio", "Edit the message")}</h1>}
      <p class="text-secondary">
        {to} · <time datetime={post.created_at}>{formatDateTime(state.lang, post.created_at)}</time>
        {post.readers.length > 0 &&
          ` · ${tr("letto da", "read by")} ${post.readers.map((r) => r.name).join(", ")}`}
      </p>
      {data.confirmDelete
        ? (
          <section aria-labelledby="confirm-title" id="confirm-delete">
            <h2 id="confirm-title" class="visually-hidden">
              {tr("Conferma", "Confirmation")}
            </h2>
            <blockquote class="border-start border-3 ps-3" style="white-space: pre-line">
              {post.body}
            </blockquote>
            <div class="alert alert-warning" role="status">
              {tr(
                "Le famiglie non vedranno più questo messaggio. Saranno eliminate anche le sue foto e le conferme di lettura; l'operazione resta nel registro delle attività.",
                "Families will no longer see this message. Its photos and read receipts are deleted too; the operation stays in the activity log.",
              )}
            </div>
            <form method="post" action={self} class="d-flex flex-wrap gap-2">
              <CsrfField state={state} />
              <input type="hidden" name="action" value="delete" />
              <button type="submit" class="btn btn-danger">
                {tr("Sì, elimina il messaggio", "Yes, delete the message")}
              </button>
              <a class="btn btn-outline-primary" href={back}>
                {tr("No, torna al diario", "No, back to the diary")}
              </a>
            </form>
          </section>
        )
        : (
          <>
            <ErrorSummary state={state} errors={errors} />
            <form method="post" action={self} noValidate id="edit-form">
              <CsrfField state={state} />
              <input type="hidden" name="action" value="save" />
              <RequiredNote state={state} />
              <TextAreaField
                state={state}
                id="body"
                label={tr("Messaggio", "Message")}
                value={data.body}
                errors={errors}
                required
                maxLength={MAX_POST_CHARS}
                rows={6}
                hint={tr(
                  "Le famiglie vedranno il testo nuovo, segnato come modificato.",
                  "Families will see the new text, marked as edited.",
                )}
              />
              <div class="d-flex flex-wrap gap-2">
                <button type="submit" class="btn btn-primary">
                  {tr("Salva le modifiche", "Save the changes")}
                </button>
                <a class="btn btn-outline-primary" href={back}>{tr("Annulla", "Cancel")}</a>
              </div>
            </form>
            <section aria-labelledby="delete-title" class="mt-5">
              <h2 id="delete-title" class="h5">{tr("Elimina", "Delete")}</h2>
              <p>
                <a href={`${self}?elimina=1`} class="btn btn-outline-danger">
                  {tr("Elimina il messaggio…", "Delete the message…")}
                </a>
              </p>
            </section>
          </>
        )}
    </>
  );
});
