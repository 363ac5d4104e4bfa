/**
 * Changing a draft from the families' portal after its first steps: dropping services or a child,
 * deleting the whole draft. Every function runs in the caller's transaction under RLS (a family
 * reaches only its own household's drafts) and returns the storage keys of the documents that went
 * with the rows, so the caller removes the files once the transaction has committed.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";

const keysOf = async (tx: Tx, applicationId: string, itemIds: string[] | null) =>
  (await tx.query<{ storage_key: string }>(
    `select storage_key from public.application_documents
      where tenant_id = app.tenant_id() and application_id = $1
        and ($2::uuid[] is null or item_id = any ($2::uuid[]))`,
    [applicationId, itemIds],
  )).map((r) => r.storage_key);

async function dropItems(tx: Tx, applicationId: string, itemIds: string[]): Promise<string[]> {
  if (!itemIds.length) return [];
  const keys = await keysOf(tx, applicationId, itemIds);
  await tx.query(
    `delete from public.application_items
      where tenant_id = app.tenant_id() and application_id = $1 and id = any ($2::uuid[])`,
    [applicationId, itemIds],
  );
  return keys;
}

/**
 * Removes from a draft the items of services no longer chosen (their answers and documents go
 * too); returns the storage keys of those documents.
 *
 * @example await keepServices(tx, draftId, [campId]) // the canteen items go
 */
export async function keepServices(
  tx: Tx,
  applicationId: string,
  serviceIds: string[],
): Promise<string[]> {
  const gone = await tx.query<{ id: string }>(
    `select i.id from public.application_items i
       join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
      where i.tenant_id = app.tenant_id() and i.application_id = $1 and a.status = 'draft'
        and not (i.service_id = any ($2::uuid[]))`,
    [applicationId, serviceIds],
  );
  return await dropItems(tx, applicationId, gone.map((r) => r.id));
}

/**
 * Removes one child (every service asked for them, by codice fiscale) from a draft; null when
 * the draft has no such child.
 */
export async function removeChild(
  tx: Tx,
  applicationId: string,
  taxCode: string,
): Promise<string[] | null> {
  const items = await tx.query<{ id: string }>(
    `select i.id from public.application_items i
       join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
      where i.tenant_id = app.tenant_id() and i.application_id = $1 and a.status = 'draft'
        and i.child_tax_code = $2`,
    [applicationId, taxCode],
  );
  if (!items.length) return null;
  return await dropItems(tx, applicationId, items.map((r) => r.id));
}

/** Deletes a draft with its items and documents; null when it is not a draft of the caller. */
export async function deleteDraft(tx: Tx, applicationId: string): Promise<string[] | null> {
  const keys = await keysOf(tx, applicationId, null);
  const rows = await tx.query(
    `delete from public.applications
      where tenant_id = app.tenant_id() and id = $1 and status = 'draft' returning id`,
    [applicationId],
  );
  return rows.length === 1 ? keys : null;
}

/**
 * Runs `fn` on a draft and tells which documents' files are no longer referenced afterwards
 * (items replaced or dropped by `fn` take their documents with them by cascade).
 */
export async function orphanedBy(
  tx: Tx,
  applicationId: string,
  fn: () => Promise<unknown>,
): Promise<string[]> {
  const before = await keysOf(tx, applicationId, null);
  await fn();
  const after = new Set(await keysOf(tx, applicationId, null));
  return before.filter((k) => !after.has(k));
}
