import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextAreaField } from "../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import DiaryFeed from "../../../islands/DiaryFeed.tsx";
import { type DiaryPost, listPosts } from "../../../lib/diary/posts.ts";
import { MAX_PHOTOS_PER_POST } from "../../../lib/diary/rules.ts";
import { createPost } from "../../../lib/diary/store.ts";
import { type Ctx, define, HttpError, page } from "../../../lib/http/define.ts";
import { rooms } from "../../../lib/realtime/emit.ts";
import { getClass, type SchoolClass } from "../../../lib/sites/classes.ts";
import { IMAGE_TYPES } from "../../../lib/storage/images.ts";
import { storageFor } from "../../../lib/storage/mod.ts";

interface Child {
  enrollment_id: string;
  name: string;
  surname: string;
  service_title: string;
  diary_enabled: boolean;
}

interface Data {
  cls: SchoolClass;
  children: Child[];
  enabled: boolean;
  posts: DiaryPost[];
  values: { target: string; body: string; alt_text: string };
  errors: FieldErrors;
  /** What the last action did, for the status message after a redirect. */
  done: "sent" | "edited" | "deleted" | null;
}

async function load(c: Ctx) {
  const { db, claims } = c.get("state");
  const id = c.req.param("id")!;
  return await db.asUser(claims!, async (tx) => {
    const cls = await getClass(tx, id);
    const [mine] = await tx.query<{ ok: boolean }>(
      "select $1::uuid = any (app.my_class_ids()) as ok",
      [cls?.id ?? "00000000-0000-0000-0000-000000000000"],
    );
    if (!cls || !mine.ok) throw new HttpError(404, "No such class of yours", { code: "not_found" });
    const children = await tx.query<Child>(
      "select * from app.diary_class_children($1)",
      [cls.id],
    );
    const [{ on }] = await tx.query<{ on: boolean }>(
      "select app.diary_class_enabled($1) as on",
      [cls.id],
    );
    const posts = await listPosts(tx, { class_id: cls.id, limit: 50 });
    return { cls, children, enabled: on, posts };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const base = await load(c);
    const q = new URL(c.req.url).searchParams;
    const done = q.get("inviato") === "1"
      ? "sent"
      : q.get("modificato") === "1"
      ? "edited"
      : q.get("eliminato") === "1"
      ? "deleted"
      : null;
    return page({ ...base, values: { target: "class", body: "", alt_text: "" }, errors: {}, done });
  },
  async POST(c) {
    const state = c.get("state");
    const base = await load(c);
    const form = await c.req.parseBody({ all: true });
    const str = (v: unknown) => typeof v === "string" ? v : "";
    const values = { target: str(form.target), body: str(form.body), alt_text: str(form.alt_text) };
    const files = ([] as unknown[]).concat(form.photos ?? []).filter((f): f is File =>
      f instanceof File && f.size > 0
    );
    const out = await createPost(state.db, state.claims!, storageFor(state.config), {
      class_id: values.target === "class" ? base.cls.id : null,
      enrollment_id: values.target !== "class" ? values.target || null : null,
      body: values.body,
      photos: await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer()))),
      alt_text: values.alt_text,
    });
    if (!out.ok) {
      const errors: FieldErrors = {};
      for (const [field, p] of Object.entries(out.problems)) errors[field] = p[state.lang];
      return page({ ...base, values, errors, done: null }, { status: out.status });
    }
    return c.redirect(`/docenti/diario/${base.cls.id}?inviato=1`, 303);
  },
});

/** A class's diary: write to the class or to a child, with photos; who has read each post. */
export default define.page<Data>(function ClassDiary({ data, state }) {
  const { cls, errors, values } = data;
  const tr = state.tr;
  const targets: [string, string][] = [
    ["class", tr(`Tutta la classe ${cls.name}`, `The whole class ${cls.name}`)],
    ...data.children.filter((ch) => ch.diary_enabled).map((ch): [string, string] => [
      ch.enrollment_id,
      `${ch.name} ${ch.surname} (${ch.service_title})`,
    ]),
  ];
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Oggi", "Today"), "/docenti"],
          [tr("Diario di classe", "Class diary"), "/docenti/diario"],
          [cls.name],
        ]}
      />
      <h1>{tr(`Diario della classe ${cls.name}`, `Diary of class ${cls.name}`)}</h1>
      <p>{cls.site_name}</p>
      {data.done && (
        <div class="alert alert-success" role="status">
          {data.done === "sent"
            ? tr("Messaggio pubblicato nel diario.", "Message published in the diary.")
            : data.done === "edited"
            ? tr("Messaggio modificato.", "Message edited.")
            : tr("Messaggio eliminato.", "Message deleted.")}
        </div>
      )}
      {!data.enabled
        ? (
          <div class="alert alert-info" role="status">
            {tr(
              "Il diario non è attivo per i servizi dei bambini di questa classe: l'ufficio scuola del Comune lo attiva nella configurazione del servizio.",
              "The diary is not enabled for the services of this class's children: the Comune's school office enables it in the service's configuration.",
            )}
          </div>
        )
        : (
          <section aria-labelledby="write-title" class="mb-5">
            <h2 id="write-title" class="h4">{tr("Scrivi un messaggio", "Write a message")}</h2>
            <ErrorSummary state={state} errors={errors} level={3} />
            <form
              method="post"
              action={`/docenti/diario/${cls.id}`}
              enctype="multipart/form-data"
              noValidate
              id="diary-form"
            >
              <CsrfField state={state} />
              <RequiredNote state={state} />
              <SelectField
                state={state}
                id="target"
                label={tr("A chi scrivi", "Who you are writing to")}
                value={values.target}
                options={targets}
                errors={errors.target ? { target: errors.target } : {}}
                required
              />
              <TextAreaField
                state={state}
                id="body"
                label={tr("Messaggio", "Message")}
                value={values.body}
                errors={errors}
                required
                maxLength={5000}
                rows={5}
              />
              <div class="mb-4">
                <label for="photos" class="form-label d-block">{tr("Foto", "Photos")}</label>
                <input
                  id="photos"
                  name="photos"
                  type="file"
                  multiple
                  accept={IMAGE_TYPES.join(",")}
                  class={`form-control${errors.photos ? " is-invalid" : ""}`}
                  aria-invalid={errors.photos ? "true" : undefined}
                  aria-describedby={describedBy("photos", errors, "photos-hint")}
                />
                <small id="photos-hint" class="form-text d-block">
                  {tr(
                    `Facoltative: fino a ${MAX_PHOTOS_PER_POST} foto JPEG, PNG o WebP, al massimo 5 MB l'una e 8 MB in tutto.`,
                    `Optional: up to ${MAX_PHOTOS_PER_POST} JPEG, PNG or WebP photos, at most 5 MB each and 8 MB in all.`,
                  )}
                </small>
                <FieldError field="photos" errors={errors} />
              </div>
              <TextField
                state={state}
                id="alt_text"
                label={tr("Descrizione delle foto", "Description of the photos")}
                value={values.alt_text}
                errors={errors}
                maxLength={300}
                hint={tr(
                  "Necessaria se alleghi foto: che cosa mostrano, in una frase. È letta a chi usa un lettore di schermo.",
                  "Needed when you attach photos: what they show, in one sentence. Screen readers read it out.",
                )}
              />
              <button type="submit" class="btn btn-primary">{tr("Pubblica", "Publish")}</button>
            </form>
          </section>
        )}
      <section aria-labelledby="posts-title">
        <h2 id="posts-title" class="h4">{tr("Messaggi", "Messages")}</h2>
        <DiaryFeed
          posts={data.posts}
          rooms={[rooms.class(cls.id)]}
          listUrl={`/api/v1/diary/posts?class_id=${cls.id}&limit=50`}
          mode="teacher"
          csrf={state.csrfToken}
          lang={state.lang}
        />
      </section>
    </>
  );
});
