import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createSharpImageProcessor } from '../../src/files/images.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

interface Part {
  filename: string;
  type: string;
  bytes: Buffer;
  field?: string;
}

/** A multipart/form-data body built by hand: what a browser's FormData sends. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----nlt${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.field ?? 'file'}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`,
      ),
      p.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A JPEG with a camera make and a GPS position in its EXIF, stored sideways (orientation 6). */
async function photoWithGps(width = 64, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Leaky Tap 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 43/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const png = (size = 8) =>
  sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
    .png()
    .toBuffer();

async function upload(c: Client, parts: Part[]) {
  const { payload, headers } = multipart(parts);
  return c.post('/api/uploads', payload, headers);
}

const storedKeys = (w: World) => (w.deps.files as unknown as { keys(): string[] }).keys();

for (const dialect of dialects) {
  describe(`photos over HTTP (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
    });
    afterEach(async () => w.close());

    async function submit(c: Client, photoIds: string[]) {
      return c.post('/api/tickets', {
        categoryId: w.categories.repair.id,
        title: '水龙头漏水',
        body: '东区3号楼312室水龙头一直滴水。',
        photoIds,
      });
    }

    it('uploads, attaches at submission and serves photos only to those who may see the ticket', async () => {
      const r = await upload(student, [{ filename: 'tap.jpg', type: 'image/jpeg', bytes: await photoWithGps() }]);
      expect(r.statusCode).toBe(201);
      const [item] = r.json().items;
      expect(item).toMatchObject({ url: `/api/attachments/${item.id}`, thumbUrl: `/api/attachments/${item.id}/thumb` });
      // Orientation 6 was applied: the stored image is upright (portrait).
      expect([item.width, item.height]).toEqual([32, 64]);
      expect(storedKeys(w)).toEqual([item.id, `${item.id}.thumb`].sort());

      // Before submission only the uploader sees it.
      expect((await student.get(item.url)).statusCode).toBe(200);
      const officer = await Client.signIn(w, 'officer');
      expect((await officer.get(item.url)).statusCode).toBe(404);

      const t = await submit(student, [item.id]);
      expect(t.statusCode).toBe(201);
      expect(t.json().photos).toEqual([
        { id: item.id, url: item.url, thumbUrl: item.thumbUrl, width: item.width, height: item.height },
      ]);

      const seen = await officer.get(item.url);
      expect(seen.statusCode).toBe(200);
      expect(seen.headers['content-type']).toBe('image/jpeg');
      expect(seen.headers['cache-control']).toBe('private, max-age=3600');
      expect(seen.headers['x-content-type-options']).toBe('nosniff');
      expect((await sharp(seen.rawPayload).metadata()).format).toBe('jpeg');
      const thumb = await officer.get(item.thumbUrl);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      const again = await officer.req('GET', item.url, undefined, { 'if-none-match': String(seen.headers.etag) });
      expect(again.statusCode).toBe(304);

      expect((await officer.get(`/api/tickets/${t.json().id}`)).json().ticket.photos).toHaveLength(1);
      expect((await officer.get('/api/tickets?inbox=unit')).json().items[0].photos[0].id).toBe(item.id);

      for (const other of ['student2', 'officer_academic']) {
        const c = await Client.signIn(w, other);
        expect((await c.get(item.url)).statusCode).toBe(404);
        expect((await c.get(item.thumbUrl)).statusCode).toBe(404);
      }
      expect((await Client.anonymous(w).get(item.url)).statusCode).toBe(401);
      expect((await student.get('/api/attachments/nope')).statusCode).toBe(404);
    });

    it('strips EXIF and GPS metadata', async () => {
      const original = await photoWithGps();
      const before = await sharp(original).metadata();
      expect(before.exif?.includes(Buffer.from('TestCam'))).toBe(true);
      expect(before.orientation).toBe(6);

      const [item] = (await upload(student, [{ filename: 'a.jpg', type: 'image/jpeg', bytes: original }])).json().items;
      for (const url of [item.url, item.thumbUrl]) {
        const bytes = (await student.get(url)).rawPayload;
        const meta = await sharp(bytes).metadata();
        expect(meta.exif).toBeUndefined();
        expect(meta.xmp).toBeUndefined();
        expect(meta.orientation).toBeUndefined();
        expect(bytes.includes(Buffer.from('TestCam'))).toBe(false);
        expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
      }
    });

    it('re-encodes PNG, GIF and WebP as JPEG; the type comes from the bytes, not the name', async () => {
      const gif = await sharp({ create: { width: 10, height: 6, channels: 3, background: '#f00' } })
        .gif()
        .toBuffer();
      const webp = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#0f0' } })
        .webp()
        .toBuffer();
      const r = await upload(student, [
        { filename: 'x.txt', type: 'text/plain', bytes: await png() },
        { filename: 'anim.gif', type: 'image/gif', bytes: gif },
        { filename: 'y.jpg', type: 'image/jpeg', bytes: webp },
      ]);
      expect(r.statusCode).toBe(201);
      expect(r.json().items.map((i: { width: number }) => i.width)).toEqual([8, 10, 12]);
      for (const i of r.json().items) {
        expect((await sharp((await student.get(i.url)).rawPayload).metadata()).format).toBe('jpeg');
      }
    });

    it('bounds large images to 2560 px and makes a small thumbnail', async () => {
      const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer();
      const [item] = (await upload(student, [{ filename: 'big.jpg', type: 'image/jpeg', bytes: big }])).json().items;
      expect([item.width, item.height]).toEqual([2560, 1280]);
      const thumb = await sharp((await student.get(item.thumbUrl)).rawPayload).metadata();
      expect([thumb.width, thumb.height]).toEqual([320, 160]);
    });

    it('refuses a text file named .jpg with 415 in the request language, storing nothing', async () => {
      const en = await Client.signIn(w, 'student', 'en-US');
      const r = await upload(en, [
        { filename: 'ok.png', type: 'image/png', bytes: await png() },
        { filename: 'fake.jpg', type: 'image/jpeg', bytes: Buffer.from('this is not a photo at all, just text') },
      ]);
      expect(r.statusCode).toBe(415);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', title: 'Image type not supported' });
      expect(r.json().detail).toContain('"fake.jpg"');
      const zh = await upload(student, [{ filename: 'fake.jpg', type: 'image/jpeg', bytes: Buffer.from('hello') }]);
      expect(zh.json().title).toBe('不支持的图片格式');
      expect(storedKeys(w)).toEqual([]);
    });

    it('refuses a truncated JPEG that only looks like one', async () => {
      const jpeg = await photoWithGps();
      const r = await upload(student, [{ filename: 'cut.jpg', type: 'image/jpeg', bytes: jpeg.subarray(0, 40) }]);
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('UPLOAD_UNREADABLE');
      expect(storedKeys(w)).toEqual([]);
    });

    it('refuses an empty file as unreadable, not as a type it is not', async () => {
      const r = await upload(student, [
        { filename: 'ok.png', type: 'image/png', bytes: await png() },
        { filename: 'IMG_0001.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) },
      ]);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'UPLOAD_UNREADABLE', title: '图片无法读取' });
      expect(r.json().detail).toContain('“IMG_0001.jpg”已损坏或无法解码');
      expect(storedKeys(w)).toEqual([]);
    });

    it('refuses a photo over the pixel limit as too large, not as damaged', async () => {
      // A 1-megapixel limit stands in for the real 80 (a photo that big takes seconds to make).
      w.deps.images = createSharpImageProcessor({ maxInputPixels: 1_000_000 });
      const big = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#888' } })
        .png()
        .toBuffer();
      const r = await upload(student, [{ filename: 'huge.png', type: 'image/png', bytes: big }]);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'UPLOAD_TOO_MANY_PIXELS', title: '图片像素过多' });
      expect(r.json().detail).toContain('“huge.png”超过 1 百万像素');
      expect(storedKeys(w)).toEqual([]);
      // Within the limit it goes through.
      const ok = await upload(student, [{ filename: 'ok.png', type: 'image/png', bytes: await png() }]);
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('limits uploads per minute per user (UPLOAD_RATE_LIMIT)', async () => {
      const limited = await makeWorld(await dialect.open(), '2025-09-01T09:00:00+08:00', { uploadRateLimit: 2 });
      try {
        const c = await Client.signIn(limited, 'student');
        const img = await png();
        const codes: number[] = [];
        for (let i = 0; i < 3; i++) {
          codes.push((await upload(c, [{ filename: `${i}.png`, type: 'image/png', bytes: img }])).statusCode);
        }
        expect(codes).toEqual([201, 201, 429]);
        // Another user has an allowance of their own.
        const other = await Client.signIn(limited, 'student2');
        expect((await upload(other, [{ filename: 'x.png', type: 'image/png', bytes: img }])).statusCode).toBe(201);
      } finally {
        await limited.close();
      }
    });

    it('refuses 10 files with 422 UPLOAD_TOO_MANY', async () => {
      const img = await png();
      const parts = Array.from({ length: 10 }, (_, i) => ({ filename: `${i}.png`, type: 'image/png', bytes: img }));
      const r = await upload(student, parts);
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('UPLOAD_TOO_MANY');
      expect(r.json().detail).toContain('9');
      expect(storedKeys(w)).toEqual([]);
      expect((await upload(student, parts.slice(0, 9))).statusCode).toBe(201);
    });

    it('refuses requests that are not multipart, have no file, or come from nobody', async () => {
      expect((await student.post('/api/uploads', { file: 'x' })).statusCode).toBe(415);
      expect((await student.post('/api/uploads', { file: 'x' })).json().code).toBe('UPLOAD_MULTIPART_REQUIRED');
      const empty = await upload(student, []);
      expect(empty.statusCode).toBe(422);
      expect(empty.json().code).toBe('VALIDATION');
      const { payload, headers } = multipart([{ filename: 'a.png', type: 'image/png', bytes: await png() }]);
      expect((await Client.anonymous(w).post('/api/uploads', payload, headers)).statusCode).toBe(401);
    });

    it("refuses someone else's photos, and photos already attached, on submission", async () => {
      const [mine] = (await upload(student, [{ filename: 'a.png', type: 'image/png', bytes: await png() }])).json()
        .items;
      const student2 = await Client.signIn(w, 'student2');
      const stolen = await submit(student2, [mine.id]);
      expect(stolen.statusCode).toBe(422);
      expect(stolen.json()).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
      expect(stolen.json().errors ?? []).toEqual([]);
      expect((await student2.get('/api/tickets?inbox=mine')).json().items).toEqual([]);
      expect((await submit(student, ['no-such-photo'])).json().code).toBe('UPLOAD_NOT_FOUND');

      expect((await submit(student, [mine.id, mine.id])).statusCode).toBe(201);
      const twice = await submit(student, [mine.id]);
      expect(twice.statusCode).toBe(422);
      expect(twice.json().code).toBe('UPLOAD_NOT_FOUND');
      expect((await student.get('/api/tickets?inbox=mine')).json().items).toHaveLength(1);
      const ten = await submit(
        student,
        Array.from({ length: 10 }, (_, i) => `p${i}`),
      );
      expect(ten.statusCode).toBe(400);
    });
  });
}

describe('upload size limits', () => {
  const dialect = dialects[0]!;
  let w: World;
  afterEach(async () => w.close());

  it('refuses an oversize file with 413 and a clear message, storing nothing', async () => {
    w = await makeWorld(await dialect.open(), undefined, { uploadMaxFileBytes: 4096, uploadMaxFiles: 3 });
    const student = await Client.signIn(w, 'student', 'en-US');
    const noise = await sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(4096);
    const r = await upload(student, [
      { filename: 'small.png', type: 'image/png', bytes: await png() },
      { filename: 'noise.png', type: 'image/png', bytes: noise },
    ]);
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'UPLOAD_TOO_LARGE', title: 'Image too large' });
    expect(r.json().detail).toContain('MB');
    expect(storedKeys(w)).toEqual([]);
  });

  it('refuses a request whose files together exceed the total', async () => {
    w = await makeWorld(await dialect.open(), undefined, { uploadMaxFileBytes: 3000, uploadMaxFiles: 2 });
    const student = await Client.signIn(w, 'student');
    const half = await sharp(randomBytes(28 * 28 * 3), { raw: { width: 28, height: 28, channels: 3 } })
      .png()
      .toBuffer();
    expect(half.length).toBeGreaterThan(1500);
    expect(half.length).toBeLessThanOrEqual(3000);
    const three = [1, 2, 3].map((i) => ({ filename: `${i}.png`, type: 'image/png', bytes: half }));
    const r = await upload(student, three);
    expect([413, 422]).toContain(r.statusCode);
    expect(storedKeys(w)).toEqual([]);
  });
});
