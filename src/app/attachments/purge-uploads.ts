import type { AppDeps } from '../context.ts';
import { imageKey, thumbKey } from './present.ts';

/** How long an uploaded photo waits for its submission before it is removed. */
export const UNATTACHED_PHOTO_TTL_MS = 24 * 3_600_000;
const BATCH = 200;

/**
 * Removes photos uploaded but never attached to a ticket (the submitter gave up, or the page
 * was closed) once they are a day old: their rows, then their files. The rows go first, in
 * one statement that skips any photo a submission claimed meanwhile; a crash between the two
 * leaves files without rows, never a ticket with a photo whose file is gone.
 * Returns how many photos were removed.
 */
export async function purgeUnattachedPhotos(
  deps: Pick<AppDeps, 'db' | 'files' | 'clock'>,
  now = deps.clock.now(),
): Promise<number> {
  const before = now - UNATTACHED_PHOTO_TTL_MS;
  let removed = 0;
  for (;;) {
    const ids = await deps.db.stores.attachments.deleteUnattached(before, BATCH);
    for (const id of ids) {
      await deps.files.delete(imageKey(id));
      await deps.files.delete(thumbKey(id));
    }
    removed += ids.length;
    if (ids.length < BATCH) return removed;
  }
}
