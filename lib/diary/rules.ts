/**
 * Rules of the diary and of communications, over plain data: what a post, a photo set and a
 * communication must be before anything is stored. Messages in Italian and English, one per field.
 *
 * @module
 */
import type { Checked, Problem } from "../tenancy/rules.ts";

export const MAX_POST_CHARS = 5000;
export const MAX_PHOTOS_PER_POST = 6;
export const MAX_SUBJECT_CHARS = 200;
export const MAX_NOTICE_CHARS = 10000;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (code: string, it: string, en: string): Checked<never> => ({
  ok: false,
  problem: { code, it, en },
});

/** Trims line ends and the whole text; `\r\n` becomes `\n`. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trimEnd()).join("\n").trim();
}

/** The text of a diary post: 1–5000 characters once trimmed. */
export function checkPostBody(text: string): Checked<string> {
  const v = normalizeText(text);
  if (!v) {
    return no(
      "diary.body_required",
      "Scrivi il testo del messaggio.",
      "Write the text of the message.",
    );
  }
  if (v.length > MAX_POST_CHARS) {
    return no(
      "diary.body_too_long",
      `Il messaggio è di ${v.length} caratteri: il massimo è ${MAX_POST_CHARS}.`,
      `The message is ${v.length} characters long: the maximum is ${MAX_POST_CHARS}.`,
    );
  }
  return ok(v);
}

/** A post goes to one class or to one child, never both and never neither. */
export function checkTarget(
  t: { class_id?: string | null; enrollment_id?: string | null },
): Checked<{ class_id: string } | { enrollment_id: string }> {
  if (t.class_id && t.enrollment_id) {
    return no(
      "diary.target_both",
      "Scegli se scrivere a tutta la classe o a un solo bambino, non entrambi.",
      "Choose whether to write to the whole class or to one child, not both.",
    );
  }
  if (t.class_id) return ok({ class_id: t.class_id });
  if (t.enrollment_id) return ok({ enrollment_id: t.enrollment_id });
  return no(
    "diary.target_required",
    "Scegli a chi scrivere: la classe o un bambino.",
    "Choose who to write to: the class or a child.",
  );
}

/**
 * The photos attached to a post: at most MAX_PHOTOS_PER_POST, and a description (the text
 * alternative families' screen readers read) of 3–300 characters when there is any photo.
 */
export function checkPhotoSet(count: number, altText: string): Checked<string | null> {
  if (count === 0) return ok(null);
  if (count > MAX_PHOTOS_PER_POST) {
    return no(
      "diary.too_many_photos",
      `Hai scelto ${count} foto: se ne possono allegare al massimo ${MAX_PHOTOS_PER_POST}.`,
      `You chose ${count} photos: at most ${MAX_PHOTOS_PER_POST} can be attached.`,
    );
  }
  const alt = altText.trim().replace(/\s+/g, " ");
  if (alt.length < 3 || alt.length > 300) {
    return no(
      "diary.alt_text",
      "Descrivi le foto in poche parole (da 3 a 300 caratteri): la descrizione è letta a chi non può vederle.",
      "Describe the photos in a few words (3 to 300 characters): the description is read to people who cannot see them.",
    );
  }
  return ok(alt);
}

/** Subject and text of a communication. */
export function checkNotice(
  input: { subject: string; body: string },
): { ok: true; value: { subject: string; body: string } } | {
  ok: false;
  problems: Partial<Record<"subject" | "body", Problem>>;
} {
  const subject = input.subject.trim().replace(/\s+/g, " ");
  const body = normalizeText(input.body);
  const problems: Partial<Record<"subject" | "body", Problem>> = {};
  if (subject.length < 3) {
    problems.subject = {
      code: "notice.subject_required",
      it: "Scrivi l'oggetto della comunicazione (almeno 3 caratteri).",
      en: "Write the subject of the notice (at least 3 characters).",
    };
  } else if (subject.length > MAX_SUBJECT_CHARS) {
    problems.subject = {
      code: "notice.subject_too_long",
      it: `L'oggetto è di ${subject.length} caratteri: il massimo è ${MAX_SUBJECT_CHARS}.`,
      en: `The subject is ${subject.length} characters long: the maximum is ${MAX_SUBJECT_CHARS}.`,
    };
  }
  if (!body) {
    problems.body = {
      code: "notice.body_required",
      it: "Scrivi il testo della comunicazione.",
      en: "Write the text of the notice.",
    };
  } else if (body.length > MAX_NOTICE_CHARS) {
    problems.body = {
      code: "notice.body_too_long",
      it: `Il testo è di ${body.length} caratteri: il massimo è ${MAX_NOTICE_CHARS}.`,
      en: `The text is ${body.length} characters long: the maximum is ${MAX_NOTICE_CHARS}.`,
    };
  }
  if (problems.subject || problems.body) return { ok: false, problems };
  return { ok: true, value: { subject, body } };
}

/** Who a communication is for: a service, narrowed to one site or one class at most. */
export function checkAudience(
  a: { service_id?: string | null; site_id?: string | null; class_id?: string | null },
): Checked<{ service_id: string; site_id: string | null; class_id: string | null }> {
  if (!a.service_id) {
    return no(
      "notice.service_required",
      "Scegli il servizio delle famiglie a cui scrivere.",
      "Choose the service whose families you are writing to.",
    );
  }
  if (a.site_id && a.class_id) {
    return no(
      "notice.site_and_class",
      "Scegli un plesso oppure una classe, non entrambi.",
      "Choose a site or a class, not both.",
    );
  }
  return ok({ service_id: a.service_id, site_id: a.site_id || null, class_id: a.class_id || null });
}

/** Refusals the database raises, as people read them. */
export const DIARY_REFUSALS: Record<string, Problem> = {
  diary_disabled: {
    code: "diary.disabled",
    it:
      "Il diario non è attivo per il servizio di questa classe o di questo bambino: l'ufficio scuola del Comune lo attiva nella configurazione del servizio.",
    en:
      "The diary is not enabled for the service of this class or child: the Comune's school office enables it in the service's configuration.",
  },
  notices_disabled: {
    code: "notice.disabled",
    it:
      "Le comunicazioni alle famiglie non sono attive per questo servizio: si attivano nella configurazione del servizio.",
    en:
      "Notices to families are not enabled for this service: they are enabled in the service's configuration.",
  },
  no_recipients: {
    code: "notice.no_recipients",
    it:
      "Nessuna famiglia risulta iscritta al servizio, al plesso o alla classe scelti: la comunicazione non è stata inviata.",
    en: "No family is enrolled in the chosen service, site or class: the notice was not sent.",
  },
};

/** The refusal named in a database error's message (`diary_disabled: …`), or null. */
export function refusalOf(err: unknown): Problem | null {
  const msg = (err as { message?: unknown })?.message;
  if (typeof msg !== "string") return null;
  const key = Object.keys(DIARY_REFUSALS).find((k) => msg.includes(`${k}:`));
  return key ? DIARY_REFUSALS[key] : null;
}
