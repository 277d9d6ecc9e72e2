import { ApiError, type Problem, sessionHeaders } from '@common/api/client';

const MAX_EDGE = 1600;

/** Re-draws a photo on a canvas: longest edge ≤ 1600 px, JPEG. Also drops EXIF (incl. GPS). */
export async function compressPhoto(file: File, maxEdge = MAX_EDGE, quality = 0.82): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' } as ImageBitmapOptions);
  try {
    const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d unavailable');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', quality),
    );
  } finally {
    bitmap.close();
  }
}

/** Ids returned by POST /api/uploads, whichever of the documented shapes the server answers. */
function idsOf(data: unknown): string[] {
  const list = Array.isArray(data)
    ? data
    : ((data as { items?: unknown[]; ids?: unknown[]; uploads?: unknown[]; photos?: unknown[] }).items ??
      (data as { ids?: unknown[] }).ids ??
      (data as { uploads?: unknown[] }).uploads ??
      (data as { photos?: unknown[] }).photos ??
      []);
  return list.map((x) => (typeof x === 'string' ? x : String((x as { id: string }).id)));
}

/**
 * Uploads compressed photos (multipart, field "file") to POST /api/uploads; answers their ids
 * in order. Multipart is sent with fetch directly: the typed client does not build form data.
 */
export async function uploadPhotos(blobs: Blob[]): Promise<string[]> {
  const form = new FormData();
  blobs.forEach((b, i) => form.append('file', b, `photo-${i + 1}.jpg`));
  const res = await fetch('/api/uploads', {
    method: 'POST',
    body: form,
    headers: sessionHeaders(),
    credentials: 'same-origin',
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, (data as Problem | null) ?? null);
  return idsOf(data);
}
