/** Where uploaded bytes live, and how images are checked and re-encoded. Implementations: src/files. */

/**
 * A flat key → bytes store. Keys are chosen by the use cases (attachment ids with a suffix),
 * made of `[A-Za-z0-9._-]` only.
 */
export interface FileStore {
  /** Stores the bytes durably (flushed to disk) before resolving; replaces an existing key. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the key; no error when it is absent. */
  delete(key: string): Promise<void>;
}

/** An image as stored: re-encoded, without metadata. */
export interface EncodedImage {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

export interface ImageProcessor {
  /** MIME types accepted for upload (as sniffed from the bytes, never from names or headers). */
  readonly accepted: readonly string[];
  /** The type found in the bytes themselves, or null when they are not a recognised file. */
  sniff(bytes: Uint8Array): Promise<string | null>;
  /** The most pixels (width × height) an image may have to be decoded at all. */
  readonly maxInputPixels: number;
  /**
   * Decodes, applies the EXIF orientation, bounds the size and re-encodes without any metadata
   * (EXIF, GPS, XMP, ICC comments), plus a small thumbnail. Null when the bytes cannot be
   * decoded; 'too_many_pixels' when the image is larger than maxInputPixels.
   */
  reencode(bytes: Uint8Array): Promise<{ image: EncodedImage; thumb: EncodedImage } | null | 'too_many_pixels'>;
}
