import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Clock, Ids, Secrets } from '../app/ports/runtime.ts';

/** 256 random bits, stored only as a SHA-256 digest found by an index. */
export const nodeSecrets: Secrets = {
  randomToken: () => randomBytes(32).toString('base64url'),
  digest: (token) => createHash('sha256').update(token).digest('hex'),
};

export const uuidV7Ids: Ids = { next: () => uuidv7() };

export const systemClock: Clock = { now: () => Date.now() };
