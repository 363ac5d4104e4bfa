/**
 * Uploaded images are judged by their bytes, never by the name or the type the browser declares:
 * a text file renamed `.jpg` is refused, and the stored content type is the one the bytes prove.
 *
 * @module
 */

import type { Checked } from "../tenancy/rules.ts";

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageType = typeof IMAGE_TYPES[number];

/** 5 MiB: a good phone photo, resized, fits; an unprocessed 50-megapixel shot does not. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * The request body limit of upload forms (see `BODY_LIMITS` in `lib/app.ts`): above
 * MAX_IMAGE_BYTES, so an image a little too large still reaches the form and gets its message.
 */
export const UPLOAD_BODY_BYTES = 8 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  return bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
}

/** The image type the first bytes prove (JPEG, PNG, WebP), or null. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, PNG)) return "image/png";
  // RIFF <size> WEBP VP8(space|L|X)
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8) &&
    startsWith(bytes, [0x56, 0x50, 0x38], 12)
  ) {
    return "image/webp";
  }
  return null;
}

/** `5,0 MB` (it) / `5.0 MB` (en): sizes as people read them. */
export function formatMegabytes(bytes: number, lang: "it" | "en"): string {
  const mb = bytes / (1024 * 1024);
  return `${mb.toLocaleString(lang === "it" ? "it-IT" : "en-GB", { maximumFractionDigits: 1 })} MB`;
}

/** Up to the next tenth of a MB, so a file just over the cap never reads as the cap itself. */
const roundedUp = (bytes: number) => Math.ceil(bytes / (1024 * 1024) * 10) / 10 * 1024 * 1024;

/** 1 MiB: a logo is shown small on every page; a well-exported one weighs a few kilobytes. */
export const MAX_LOGO_BYTES = 1024 * 1024;

const WORDS = {
  photo: {
    empty: [
      "Scegli il file della foto: quello inviato è vuoto.",
      "Choose the photo's file: the one sent is empty.",
    ],
    large: [
      "La foto pesa",
      "Riducila o scegline un'altra.",
      "The photo is",
      "Resize it or choose another one.",
    ],
    type: ["Scegli una foto in uno di questi formati.", "Choose a photo in one of these formats."],
  },
  logo: {
    empty: [
      "Scegli il file del logo: quello inviato è vuoto.",
      "Choose the logo's file: the one sent is empty.",
    ],
    large: [
      "Il logo pesa",
      "Riducilo o scegline un altro.",
      "The logo is",
      "Resize it or choose another one.",
    ],
    type: ["Scegli un logo in uno di questi formati.", "Choose a logo in one of these formats."],
  },
} as const;

/**
 * Checks an uploaded image: not empty, at most `maxBytes` (MAX_IMAGE_BYTES for photos), and
 * JPEG, PNG or WebP by its bytes. `checkImage(bytes) // { ok: true, value: "image/png" }`;
 * `what` words the messages for a photo or a logo.
 */
export function checkImage(
  bytes: Uint8Array,
  { maxBytes = MAX_IMAGE_BYTES, what = "photo" }: {
    maxBytes?: number;
    what?: "photo" | "logo";
  } = {},
): Checked<ImageType> {
  const w = WORDS[what];
  if (bytes.length === 0) {
    return { ok: false, problem: { code: "image.empty", it: w.empty[0], en: w.empty[1] } };
  }
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      problem: {
        code: "image.too_large",
        it: `${w.large[0]} ${formatMegabytes(roundedUp(bytes.length), "it")}: il massimo è ` +
          `${formatMegabytes(maxBytes, "it")}. ${w.large[1]}`,
        en: `${w.large[2]} ${formatMegabytes(roundedUp(bytes.length), "en")}: the maximum is ` +
          `${formatMegabytes(maxBytes, "en")}. ${w.large[3]}`,
      },
    };
  }
  const type = sniffImage(bytes);
  if (!type) {
    return {
      ok: false,
      problem: {
        code: "image.type",
        it: "Il file non è un'immagine JPEG, PNG o WebP (conta il contenuto, non l'estensione " +
          `del nome). ${w.type[0]}`,
        en: "The file is not a JPEG, PNG or WebP image (the content counts, not the file name's " +
          `extension). ${w.type[1]}`,
      },
    };
  }
  return { ok: true, value: type };
}
