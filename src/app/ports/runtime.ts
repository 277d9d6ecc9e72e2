/** The edges the use cases need besides storage: time, ids, secrets. */
export interface Clock {
  now(): number;
}

export interface Ids {
  /** A new time-ordered unique id (UUIDv7). */
  next(): string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface Secrets {
  /** A long random value for session ids and API tokens (URL-safe). */
  randomToken(): string;
  /** SHA-256 digest (hex) under which a token is stored and looked up. */
  digest(token: string): string;
}
