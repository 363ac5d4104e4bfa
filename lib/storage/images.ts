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

/**
 * Checks an uploaded image: not empty, at most MAX_IMAGE_BYTES, and JPEG, PNG or WebP by its
 * bytes. `checkImage(bytes) // { ok: true, value: "image/png" }`
 */
export function checkImage(bytes: Uint8Array): Checked<ImageType> {
  if (bytes.length === 0) {
    return {
      ok: false,
      problem: {
        code: "image.empty",
        it: "Scegli il file della foto: quello inviato è vuoto.",
        en: "Choose the photo's file: the one sent is empty.",
      },
    };
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    return {
      ok: false,
      problem: {
        code: "image.too_large",
        it: `La foto pesa ${formatMegabytes(bytes.length, "it")}: il massimo è 5 MB. ` +
          "Riducila o scegline un'altra.",
        en: `The photo is ${formatMegabytes(bytes.length, "en")}: the maximum is 5 MB. ` +
          "Resize it or choose another one.",
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
          "del nome). Scegli una foto in uno di questi formati.",
        en: "The file is not a JPEG, PNG or WebP image (the content counts, not the file name's " +
          "extension). Choose a photo in one of these formats.",
      },
    };
  }
  return { ok: true, value: type };
}
