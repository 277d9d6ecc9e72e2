import type { Attachment } from '../ports/store.ts';

/** A photo as the API shows it: where to fetch it and its size. */
export interface PhotoView {
  id: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
}

export const photoUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;
export const thumbUrl = (id: string) => `${photoUrl(id)}/thumb`;

export function presentPhoto(a: Attachment): PhotoView {
  return { id: a.id, url: photoUrl(a.id), thumbUrl: thumbUrl(a.id), width: a.width, height: a.height };
}

/** FileStore keys of an attachment's image and thumbnail. */
export const imageKey = (id: string) => id;
export const thumbKey = (id: string) => `${id}.thumb`;

/** A request carries at most this many photos (PRODUCT.md: up to 9). */
export const MAX_TICKET_PHOTOS = 9;
