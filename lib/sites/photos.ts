/**
 * Storing a photo of a site, the same way from the back office form and from the API: the text
 * alternative and the bytes are checked first (type by magic bytes, size cap), then the bytes are
 * stored and the row recorded; if recording fails the bytes are removed again, so no file is left
 * without its row.
 *
 * @module
 */

import type { Claims, Db } from "../db/types.ts";
import type { Problem } from "../tenancy/rules.ts";
import { checkImage } from "../storage/images.ts";
import { newStorageKey, type Storage } from "../storage/mod.ts";
import { checkAltText } from "./rules.ts";
import { addSitePhoto, getSite, type SitePhoto } from "./sites.ts";

/** Why an upload was refused, per field (`photo`, `alt_text`). */
export type PhotoProblems = Partial<Record<"photo" | "alt_text", Problem>>;

export type PhotoUpload =
  | { ok: true; photo: SitePhoto }
  | { ok: false; problems: PhotoProblems };

const isApiKey = (claims: Claims) =>
  claims.app_metadata.roles.some((r) => r === "api_read" || r === "api_write");

/**
 * Checks and stores a photo of `siteId` as the caller (`claims`, under RLS). Throws a
 * `SitesError` `not_found` when the site is not the caller's.
 */
export async function storeSitePhoto(
  db: Db,
  claims: Claims,
  storage: Storage,
  upload: { siteId: string; bytes: Uint8Array; altText: string },
): Promise<PhotoUpload> {
  const alt = checkAltText(upload.altText);
  const image = checkImage(upload.bytes);
  if (!alt.ok || !image.ok) {
    return {
      ok: false,
      problems: {
        ...(alt.ok ? {} : { alt_text: alt.problem }),
        ...(image.ok ? {} : { photo: image.problem }),
      },
    };
  }
  const key = newStorageKey(claims.app_metadata.tenant_id!);
  await storage.put(key, upload.bytes);
  try {
    const photo = await db.asUser(claims, async (tx) => {
      const id = await addSitePhoto(tx, {
        siteId: upload.siteId,
        storageKey: key,
        contentType: image.value,
        sizeBytes: upload.bytes.length,
        altText: alt.value,
        // An API key is no user: the audit log names it as the actor instead.
        uploadedBy: isApiKey(claims) ? null : claims.sub,
      });
      return (await getSite(tx, upload.siteId))!.photos.find((p) => p.id === id)!;
    });
    return { ok: true, photo };
  } catch (e) {
    await storage.delete(key);
    throw e;
  }
}
