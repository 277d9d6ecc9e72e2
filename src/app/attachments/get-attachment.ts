import { viewLevel } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/actor.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Attachment } from '../ports/store.ts';
import { imageKey, thumbKey } from './present.ts';

/**
 * Whether the actor may see the photo: its uploader while it is unattached; once attached,
 * whoever may see the ticket (the access rule's viewLevel).
 */
export async function mayViewAttachment(deps: AppDeps, actor: Actor, a: Attachment): Promise<boolean> {
  if (a.ticketId === null) return actor.kind === 'user' && actor.userId === a.ownerId;
  const ticket = await deps.db.stores.tickets.get(a.ticketId);
  return ticket !== null && viewLevel(actor, ticket) !== 'none';
}

/** The bytes of a photo or its thumbnail. Unknown and forbidden look the same (NOT_FOUND). */
export async function getAttachment(
  deps: AppDeps,
  actor: Actor,
  id: string,
  variant: 'image' | 'thumb',
): Promise<{ bytes: Buffer; mime: string; sha256: string; attachment: Attachment }> {
  const a = await deps.db.stores.attachments.get(id);
  if (!a || !(await mayViewAttachment(deps, actor, a))) throw new AppError('NOT_FOUND');
  const bytes = await deps.files.get(variant === 'image' ? imageKey(a.id) : thumbKey(a.id));
  if (!bytes) throw new AppError('NOT_FOUND');
  return {
    bytes,
    mime: variant === 'image' ? a.mime : a.thumbMime,
    // The thumbnail's ETag only has to differ from the image's and stay stable.
    sha256: variant === 'image' ? a.sha256 : `${a.sha256}-t`,
    attachment: a,
  };
}

/** Photo ids of a submission: unique, at most `max`. */
export function checkPhotoIds(ids: readonly string[] | undefined, max: number): string[] {
  const unique = [...new Set(ids ?? [])];
  if (unique.length > max) throw new AppError('UPLOAD_TOO_MANY', 'photoIds', { limit: max });
  return unique;
}
