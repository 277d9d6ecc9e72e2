import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getAttachment } from '../../../app/attachments/get-attachment.ts';
import { presentPhoto } from '../../../app/attachments/present.ts';
import {
  limitParams,
  type UploadedFile,
  type UploadLimits,
  uploadPhotos,
} from '../../../app/attachments/upload-photos.ts';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import { HttpError } from '../../errors.ts';
import { requireUser } from '../../plugins/auth.ts';
import { assertStorable } from '../../plugins/storable-text.ts';
import { IdParam, ProblemResponses } from '../../schemas.ts';
import { UploadBody, UploadResult } from './attachments.schemas.ts';

/** Multipart errors of @fastify/multipart (by code) → our coded errors. */
function multipartError(e: unknown, limits: UploadLimits): unknown {
  switch ((e as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('UPLOAD_TOO_LARGE', 'file', limitParams(limits));
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('UPLOAD_TOO_MANY', 'file', { limit: limits.maxFiles });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UPLOAD_MULTIPART_REQUIRED');
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
    case 'FST_MP_PREMATURE_CLOSE':
      return new HttpError('UPLOAD_MALFORMED');
    default:
      return MALFORMED.test((e as Error)?.message ?? '') ? new HttpError('UPLOAD_MALFORMED') : e;
  }
}

/** busboy's errors for a body that is not well-formed multipart (no boundary, a broken part, cut short). */
const MALFORMED = /^(?:Multipart: |Boundary required|Unexpected end of|Malformed|.* terminated early)/;

/** Reads the `file` parts into memory within the limits; other form fields are ignored. */
async function readFiles(req: FastifyRequest, limits: UploadLimits): Promise<UploadedFile[]> {
  if (!req.isMultipart()) throw new AppError('UPLOAD_MULTIPART_REQUIRED');
  const files: UploadedFile[] = [];
  let total = 0;
  try {
    const parts = req.parts({
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20 },
    });
    for await (const part of parts) {
      // Field names, file names and form values may reach messages and the database.
      assertStorable(part.fieldname, 'file');
      if (part.type !== 'file') {
        if (typeof part.value === 'string') assertStorable(part.value, part.fieldname);
        continue;
      }
      assertStorable(part.filename, part.fieldname);
      if (part.fieldname !== 'file') throw new AppError('VALIDATION', part.fieldname);
      const bytes = await part.toBuffer();
      total += bytes.length;
      if (total > limits.maxTotalBytes) throw new AppError('UPLOAD_TOO_LARGE', 'file', limitParams(limits));
      files.push({ filename: part.filename, bytes });
    }
  } catch (e) {
    throw multipartError(e, limits);
  }
  return files;
}

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

export const attachmentRoutes: FastifyPluginAsyncTypebox<{
  deps: AppDeps;
  limits: UploadLimits;
  /** Uploads per minute per user (each decodes and re-encodes its photos: the costliest request). */
  rateLimit: number;
}> = async (app, { deps, limits, rateLimit }) => {
  app.post(
    '/uploads',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Upload photos for a request',
        description: `multipart/form-data with one or more parts named "file" (at most ${limits.maxFiles}, ${limitParams(limits).limit} MB each, ${limitParams(limits).total} MB together). The type is read from the bytes: JPEG, PNG, WebP, GIF (first frame) or AVIF. Every image is turned upright, bounded to 2560 px and re-encoded as JPEG without EXIF/GPS metadata; a thumbnail is made. Pass the returned ids as photoIds when submitting. A refused upload stores nothing: 413 UPLOAD_TOO_LARGE, 422 UPLOAD_TOO_MANY, 415 UPLOAD_TYPE_NOT_ALLOWED, 422 UPLOAD_UNREADABLE.`,
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 201: UploadResult, ...ProblemResponses },
      },
      config: {
        rateLimit: {
          max: rateLimit,
          timeWindow: '1 minute',
          keyGenerator: (req: import('fastify').FastifyRequest) => req.auth?.user.id ?? req.ip,
        },
      },
      // A JSON or form body is the wrong kind of request, not a malformed upload: say so first.
      preValidation: async (req) => {
        if (!req.isMultipart()) throw new AppError('UPLOAD_MULTIPART_REQUIRED');
      },
    },
    async (req, reply) => {
      const { actor } = requireUser(req);
      const files = await readFiles(req, limits);
      const rows = await uploadPhotos(deps, actor, files, limits);
      return reply.status(201).send({ items: rows.map((a) => ({ ...presentPhoto(a), bytes: a.bytes })) });
    },
  );

  for (const variant of ['image', 'thumb'] as const) {
    app.get(
      variant === 'image' ? '/attachments/:id' : '/attachments/:id/thumb',
      {
        schema: {
          tags: ['attachments'],
          summary: variant === 'image' ? 'A photo' : "A photo's thumbnail",
          description:
            'For the uploader while the photo is not attached to a request; once attached, for whoever may see the request. Anyone else gets 404.',
          params: IdParam,
          response: {
            200: { description: 'the image bytes', content: { 'image/jpeg': { schema: Binary } } },
            304: { description: 'not modified (If-None-Match)', type: 'null' },
            ...ProblemResponses,
          },
        },
      },
      async (req, reply) => {
        const { actor } = requireUser(req);
        const file = await getAttachment(deps, actor, req.params.id, variant);
        const etag = `"${file.sha256}"`;
        // private: only this user may see it, so shared caches must not keep it.
        reply
          .header('cache-control', 'private, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .header('etag', etag);
        if (req.headers['if-none-match'] === etag) return reply.status(304).send(null);
        return reply.type(file.mime).send(file.bytes);
      },
    );
  }
};
