import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { purgeUnattachedPhotos, UNATTACHED_PHOTO_TTL_MS } from '../../src/app/attachments/purge-uploads.ts';
import { uploadPhotos } from '../../src/app/attachments/upload-photos.ts';
import type { Attachment, Database } from '../../src/app/ports/store.ts';
import { depsFor } from '../../src/bootstrap.ts';
import { searchDocument } from '../../src/domain/text/search.ts';
import { createDiskFileStore } from '../../src/files/disk-file-store.ts';
import { describeEachDialect, makeTicket, makeUser, T0 } from '../helpers/db.ts';

const attachment = (over: Partial<Attachment> = {}): Attachment => ({
  id: 'a-1',
  ownerId: 'u-1',
  ticketId: null,
  mime: 'image/jpeg',
  bytes: 3_000_000_000, // past 2^31: a BIGINT must come back as this number
  width: 2560,
  height: 1920,
  thumbMime: 'image/jpeg',
  thumbWidth: 320,
  thumbHeight: 240,
  sha256: 'ab'.repeat(32),
  createdAt: T0,
  ...over,
});

async function addUser(db: Database, id: string) {
  await db.stores.users.insert(makeUser(id));
}

describeEachDialect('attachments repository', (d) => {
  let db: Database;
  beforeAll(async () => {
    db = await d.open();
    await addUser(db, 'u-1');
    await addUser(db, 'u-2');
    const t = makeTicket({ id: 'tk-1', submitterId: 'u-1' });
    await db.transaction((s) => s.tickets.insert(t, searchDocument(t.title, t.body, '')));
    const t2 = makeTicket({ id: 'tk-2', submitterId: 'u-1' });
    await db.transaction((s) => s.tickets.insert(t2, searchDocument(t2.title, t2.body, '')));
  });
  afterAll(async () => db.close());

  it('stores and reads rows with numbers intact', async () => {
    await db.transaction((s) =>
      s.attachments.insertMany([
        attachment(),
        attachment({ id: 'a-2', createdAt: T0 + 1 }),
        attachment({ id: 'a-3', ownerId: 'u-2' }),
      ]),
    );
    expect(await db.stores.attachments.get('a-1')).toEqual(attachment());
    expect(await db.stores.attachments.get('nope')).toBeNull();
  });

  it("attaches only the owner's unattached photos, once", async () => {
    const s = db.stores.attachments;
    expect(await s.attach(['a-1', 'a-3'], 'u-1', 'tk-1')).toBe(1); // a-3 belongs to u-2
    expect(await s.attach(['a-1'], 'u-1', 'tk-2')).toBe(0); // already attached
    expect((await s.get('a-1'))?.ticketId).toBe('tk-1');
    expect((await s.get('a-3'))?.ticketId).toBeNull();
    expect(await s.attach([], 'u-1', 'tk-1')).toBe(0);
    expect(await s.attach(['a-2'], 'u-1', 'tk-2')).toBe(1);
    expect((await s.listForTickets(['tk-1', 'tk-2', 'tk-1'])).map((a) => [a.id, a.ticketId])).toEqual([
      ['a-1', 'tk-1'],
      ['a-2', 'tk-2'],
    ]);
    expect(await s.listForTickets([])).toEqual([]);
  });

  it('rolls the attachment back with a failed transaction', async () => {
    await db.transaction((s) => s.attachments.insertMany([attachment({ id: 'a-4' })]));
    await expect(
      db.transaction(async (s) => {
        expect(await s.attachments.attach(['a-4'], 'u-1', 'tk-1')).toBe(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.stores.attachments.get('a-4'))?.ticketId).toBeNull();
  });

  it('refuses a row whose owner or ticket does not exist', async () => {
    await expect(
      db.transaction((s) => s.attachments.insertMany([attachment({ id: 'a-5', ownerId: 'ghost' })])),
    ).rejects.toThrow();
    await expect(
      db.transaction((s) => s.attachments.insertMany([attachment({ id: 'a-6', ticketId: 'ghost' })])),
    ).rejects.toThrow();
  });
});

describe('disk file store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nlt-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes atomically into subfolders, reads, replaces and deletes', async () => {
    const store = createDiskFileStore(join(dir, 'uploads'));
    expect(await store.get('0198-abcd')).toBeNull();
    await store.put('0198-abcd', Buffer.from('one'));
    await store.put('0198-abcd.thumb', Buffer.from('two'));
    expect(store.pathOf('0198-abcd')).toBe(join(dir, 'uploads', 'cd', '0198-abcd'));
    expect(store.pathOf('0198-abcd.thumb')).toBe(join(dir, 'uploads', 'cd', '0198-abcd.thumb'));
    expect(String(await store.get('0198-abcd'))).toBe('one');
    await store.put('0198-abcd', Buffer.from('uno'));
    expect(String(await store.get('0198-abcd'))).toBe('uno');
    // No temporary files are left behind.
    expect(readdirSync(join(dir, 'uploads', 'cd')).sort()).toEqual(['0198-abcd', '0198-abcd.thumb']);
    await store.delete('0198-abcd');
    await store.delete('0198-abcd');
    expect(await store.get('0198-abcd')).toBeNull();
  });

  it('never lets a key reach outside its folder', async () => {
    const store = createDiskFileStore(dir);
    for (const key of ['../x', 'a/b', '.hidden', '', 'a\\b']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid file key/);
    }
  });
});

describeEachDialect('uploadPhotos with the disk store', (d) => {
  let db: Database;
  let dir: string;
  beforeEach(async () => {
    db = await d.open();
    dir = mkdtempSync(join(tmpdir(), 'nlt-up-'));
    await addUser(db, 'u-1');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const limits = { maxFiles: 9, maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 90 * 1024 * 1024 };
  const actor = { kind: 'user' as const, userId: 'u-1', grants: [] };

  it('writes image and thumbnail to disk and a row per photo; a refusal writes nothing', async () => {
    const deps = depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 1, uploadDir: dir });
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    await expect(
      uploadPhotos(deps, actor, [{ bytes: jpeg }, { filename: 'x.jpg', bytes: Buffer.from('text') }], limits),
    ).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', field: 'file[1]' });
    expect(readdirSync(dir)).toEqual([]);

    const [row] = await uploadPhotos(deps, actor, [{ bytes: jpeg }], limits);
    expect(row).toMatchObject({ ownerId: 'u-1', ticketId: null, width: 40, height: 30, mime: 'image/jpeg' });
    expect(await db.stores.attachments.get(row!.id)).toEqual(row);
    const path = (deps.files as ReturnType<typeof createDiskFileStore>).pathOf(row!.id);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.thumb`)).toBe(true);
    expect((await deps.files.get(row!.id))?.length).toBe(row!.bytes);
  });

  it('removes the written files when the rows cannot be stored', async () => {
    const deps = depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 1, uploadDir: dir });
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    // An owner that is not a user breaks the foreign key at insert time.
    const ghost = { kind: 'user' as const, userId: 'ghost', grants: [] };
    await expect(uploadPhotos(deps, ghost, [{ bytes: png }], limits)).rejects.toThrow();
    const left = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(left).toEqual([]);
  });

  it('removes photos never attached after a day, rows and files, and keeps every other', async () => {
    let now = T0;
    const deps = {
      ...depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 1, uploadDir: dir }),
      clock: { now: () => now },
    };
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#456' } })
      .jpeg()
      .toBuffer();
    const upload = async () => {
      const [row] = await uploadPhotos({ ...deps, clock: { now: () => now } }, actor, [{ bytes: jpeg }], limits);
      return row as Attachment;
    };
    const abandoned = await upload();
    const used = await upload();
    const t = makeTicket({ submitterId: 'u-1' });
    await db.transaction(async (s) => {
      await s.tickets.insert(t, searchDocument(t.title, t.body, ''));
      expect(await s.attachments.attach([used.id], 'u-1', t.id)).toBe(1);
    });
    now = T0 + UNATTACHED_PHOTO_TTL_MS - 1000;
    const recent = await upload();
    const store = deps.files as ReturnType<typeof createDiskFileStore>;

    // Not yet a day old: nothing goes.
    expect(await purgeUnattachedPhotos(deps, T0 + UNATTACHED_PHOTO_TTL_MS - 1)).toBe(0);
    expect(await purgeUnattachedPhotos(deps, T0 + UNATTACHED_PHOTO_TTL_MS + 1)).toBe(1);
    expect(await db.stores.attachments.get(abandoned.id)).toBeNull();
    expect(existsSync(store.pathOf(abandoned.id))).toBe(false);
    expect(existsSync(`${store.pathOf(abandoned.id)}.thumb`)).toBe(false);
    // The attached photo and the one uploaded a second ago stay, with their files.
    for (const kept of [used, recent]) {
      expect(await db.stores.attachments.get(kept.id)).not.toBeNull();
      expect(existsSync(store.pathOf(kept.id))).toBe(true);
    }
  });
});
