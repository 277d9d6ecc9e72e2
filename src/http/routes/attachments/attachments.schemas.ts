import { Type } from 'typebox';

/**
 * Documents the multipart body in the OpenAPI document. The parts are streamed by the handler,
 * so the validated body is empty (null): the schema allows null to let that through.
 */
export const UploadBody = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  properties: {
    file: {
      type: 'array',
      items: { type: 'string', format: 'binary' },
      description: 'one part per image, each named "file"',
    },
  },
  required: ['file'],
});

export const UploadedPhoto = Type.Object({
  id: Type.String(),
  url: Type.String(),
  thumbUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer({ description: 'size of the stored (re-encoded) image' }),
});

export const UploadResult = Type.Object({ items: Type.Array(UploadedPhoto) });
