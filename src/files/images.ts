import { createRequire } from 'node:module';
import type Sharp from 'sharp';
import type { EncodedImage, ImageProcessor } from '../app/ports/files.ts';

const requireHere = createRequire(import.meta.url);
let sharpModule: typeof Sharp | undefined;

/**
 * sharp (libvips, ~28 MB of memory once loaded) and file-type load at the first photo, not at
 * start-up: most requests never touch an image.
 */
function sharp(): typeof Sharp {
  sharpModule ??= requireHere('sharp') as typeof Sharp;
  return sharpModule;
}

export interface ImageOptions {
  /** Longest side of the stored image, in pixels. */
  maxSide: number;
  /** Longest side of the thumbnail. */
  thumbSide: number;
  quality: number;
  thumbQuality: number;
  /** Refuse images with more pixels than this before decoding them (decompression bombs). */
  maxInputPixels: number;
}

export const IMAGE_DEFAULTS: ImageOptions = {
  maxSide: 2560,
  thumbSide: 320,
  quality: 82,
  thumbQuality: 72,
  maxInputPixels: 80_000_000,
};

/**
 * Whether this build of libvips decodes HEIC (HEVC). The prebuilt sharp binaries decode AVIF
 * only (HEVC is patent-encumbered), so iPhone HEIC photos are refused unless sharp was built
 * against a system libvips with libde265; the phone app converts them to JPEG before upload.
 */
export function heicSupported(): boolean {
  const suffixes = (sharp().format.heif?.input as { fileSuffix?: string[] } | undefined)?.fileSuffix ?? [];
  return suffixes.includes('.heic');
}

/** Sharp and file-type behind the ImageProcessor port: sniff, auto-orient, resize, re-encode to JPEG. */
export function createSharpImageProcessor(options: Partial<ImageOptions> = {}): ImageProcessor {
  const o = { ...IMAGE_DEFAULTS, ...options };
  let accepted: readonly string[] | undefined;

  async function encode(input: Uint8Array, side: number, quality: number): Promise<EncodedImage> {
    // Only the first frame of an animated GIF/WebP (pages: 1); .rotate() applies and drops the
    // EXIF orientation; no .withMetadata(), so EXIF, GPS, XMP and comments are all left out.
    // Transparent areas become white: JPEG has no alpha and every phone browser shows JPEG.
    const { data, info } = await sharp()(input, { pages: 1, limitInputPixels: o.maxInputPixels, failOn: 'error' })
      .rotate()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height };
  }

  return {
    maxInputPixels: o.maxInputPixels,
    get accepted() {
      accepted ??= [
        'image/jpeg',
        'image/png',
        'image/webp',
        'image/gif',
        'image/avif',
        ...(heicSupported() ? ['image/heic', 'image/heif'] : []),
      ];
      return accepted;
    },
    async sniff(bytes) {
      const { fileTypeFromBuffer } = await import('file-type');
      return (await fileTypeFromBuffer(bytes))?.mime ?? null;
    },
    async reencode(bytes) {
      try {
        // The header tells the size without decoding: a photo over the limit is refused as
        // such, not as damaged (sharp's own limit fails it like a broken file).
        const { width = 0, height = 0 } = await sharp()(bytes, { limitInputPixels: false }).metadata();
        if (width * height > o.maxInputPixels) return 'too_many_pixels';
        const image = await encode(bytes, o.maxSide, o.quality);
        const thumb = await encode(image.bytes, o.thumbSide, o.thumbQuality);
        return { image, thumb };
      } catch {
        // Corrupt, truncated or over-large input: the caller refuses the upload with a clear error.
        return null;
      }
    },
  };
}
