import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/**
 * Two validators: query strings, params and headers are text, so their numbers and booleans
 * are coerced; JSON bodies are typed already and are NOT coerced — otherwise `null` would
 * silently become "" for a nullable string (a unit id of "" instead of none).
 */
export function installValidators(app: FastifyInstance, shared: readonly TSchema[]): void {
  // verbose: errors carry the schema that failed, so a message can say the range or the values allowed.
  const base: Options = { useDefaults: true, removeAdditional: false, allErrors: true, strict: false, verbose: true };
  const strictBody = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const textParts = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  for (const schema of shared) {
    strictBody.addSchema(schema);
    textParts.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictBody : textParts).compile(schema as object),
  );
}
