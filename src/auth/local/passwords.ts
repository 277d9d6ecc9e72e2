import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../app/ports/runtime.ts';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). Only used at sign-in. */
export const argon2Passwords: PasswordHasher = {
  hash: (password) => hash(password),
  verify: async (h, password) => {
    try {
      return await verify(h, password);
    } catch {
      // A malformed stored hash is a failed sign-in, not a server error.
      return false;
    }
  },
};
