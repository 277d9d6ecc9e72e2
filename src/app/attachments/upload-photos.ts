import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { EncodedImage } from '../ports/files.ts';
import type { Attachment } from '../ports/store.ts';
import { imageKey, thumbKey } from './present.ts';

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export interface UploadedFile {
  /** The name the client gave, for messages only: the type always comes from the bytes. */
  filename?: string;
  bytes: Buffer;
}

const MB = 1024 * 1024;
const TYPE_NAMES: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/avif': 'AVIF',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

/** The parameters every UPLOAD_TOO_LARGE / UPLOAD_TOO_MANY message needs. */
export function limitParams(limits: UploadLimits): Record<string, number> {
  const mb = (n: number) => Math.round((n / MB) * 10) / 10;
  return { limit: mb(limits.maxFileBytes), total: mb(limits.maxTotalBytes), count: limits.maxFiles };
}

/**
 * Accepts photos for a later submission: checks count and sizes, sniffs each file's type from
 * its bytes, re-encodes it without metadata and makes a thumbnail — all before anything is
 * stored, so a refused request leaves nothing behind. Then writes the files durably and
 * records one unattached row per photo, owned by the uploader.
 */
export async function uploadPhotos(
  deps: AppDeps,
  actor: Actor,
  files: readonly UploadedFile[],
  limits: UploadLimits,
): Promise<Attachment[]> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  if (files.length === 0) throw new AppError('VALIDATION', 'file');
  if (files.length > limits.maxFiles) {
    throw new AppError('UPLOAD_TOO_MANY', 'file', { limit: limits.maxFiles });
  }
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (files.some((f) => f.bytes.length > limits.maxFileBytes) || total > limits.maxTotalBytes) {
    throw new AppError('UPLOAD_TOO_LARGE', 'file', limitParams(limits));
  }

  const allowed = deps.images.accepted;
  const allowedNames = [...new Set(allowed.map((m) => TYPE_NAMES[m] ?? m))].join(', ');
  const nameOf = (f: UploadedFile, i: number) => f.filename?.trim() || `#${i + 1}`;
  for (const [i, f] of files.entries()) {
    // An empty part (a photo that did not come through) is unreadable, not of another type.
    if (f.bytes.length === 0) throw new AppError('UPLOAD_UNREADABLE', `file[${i}]`, { name: nameOf(f, i) });
    const type = await deps.images.sniff(f.bytes);
    if (!type || !allowed.includes(type)) {
      throw new AppError('UPLOAD_TYPE_NOT_ALLOWED', `file[${i}]`, { name: nameOf(f, i), allowed: allowedNames });
    }
  }

  // One at a time: decoding a 12-megapixel photo takes ~50 MB; nine at once would take ~450 MB.
  const encoded: { image: EncodedImage; thumb: EncodedImage }[] = [];
  for (const [i, f] of files.entries()) {
    const out = await deps.images.reencode(f.bytes);
    if (out === 'too_many_pixels') {
      throw new AppError('UPLOAD_TOO_MANY_PIXELS', `file[${i}]`, {
        name: nameOf(f, i),
        megapixels: Math.floor(deps.images.maxInputPixels / 1_000_000),
      });
    }
    if (!out) throw new AppError('UPLOAD_UNREADABLE', `file[${i}]`, { name: nameOf(f, i) });
    encoded.push(out);
  }

  const now = deps.clock.now();
  const rows: Attachment[] = encoded.map(({ image, thumb }) => ({
    id: deps.ids.next(),
    ownerId: actor.userId,
    ticketId: null,
    mime: image.mime,
    bytes: image.bytes.length,
    width: image.width,
    height: image.height,
    thumbMime: thumb.mime,
    thumbWidth: thumb.width,
    thumbHeight: thumb.height,
    sha256: createHash('sha256').update(image.bytes).digest('hex'),
    createdAt: now,
  }));

  const written: string[] = [];
  try {
    for (const [i, row] of rows.entries()) {
      const { image, thumb } = encoded[i]!;
      await deps.files.put(thumbKey(row.id), thumb.bytes);
      written.push(thumbKey(row.id));
      await deps.files.put(imageKey(row.id), image.bytes);
      written.push(imageKey(row.id));
    }
    await deps.db.transaction((s) => s.attachments.insertMany(rows));
  } catch (e) {
    // Rows are written last: files without a row are removed here; a crash between the two
    // leaves only unreferenced files, never a row without its bytes.
    await Promise.allSettled(written.map((k) => deps.files.delete(k)));
    throw e;
  }
  return rows;
}
