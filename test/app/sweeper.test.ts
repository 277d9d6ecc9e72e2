import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNATTACHED_PHOTO_TTL_MS } from '../../src/app/attachments/purge-uploads.ts';
import { uploadPhotos } from '../../src/app/attachments/upload-photos.ts';
import type { Database } from '../../src/app/ports/store.ts';
import { depsFor } from '../../src/bootstrap.ts';
import { startSweeper } from '../../src/jobs/sweeper.ts';
import { dialects, makeUser, T0 } from '../helpers/db.ts';

const sqlite = dialects.find((d) => d.name === 'sqlite');

describe('the sweeper of serve', () => {
  let db: Database;
  beforeEach(async () => {
    db = await (sqlite as NonNullable<typeof sqlite>).open();
    await db.stores.users.insert(makeUser('u-1'));
  });
  afterEach(async () => db.close());

  // SWEEP_INTERVAL_SECONDS=0 (the sweep left to a cron job) must not keep photos forever.
  it.each([
    ['every minute', 60_000],
    ['never (0)', 0],
  ])('also removes photos that were never attached, once they are a day old: sweep %s', async (_, interval) => {
    let now = T0;
    const deps = {
      ...depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 1 }),
      clock: { now: () => now },
    };
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#789' } })
      .jpeg()
      .toBuffer();
    const limits = { maxFiles: 9, maxFileBytes: 1024 * 1024, maxTotalBytes: 9 * 1024 * 1024 };
    const [photo] = await uploadPhotos(deps, { kind: 'user', userId: 'u-1', grants: [] }, [{ bytes: jpeg }], limits);
    const id = (photo as { id: string }).id;
    expect(await deps.files.get(id)).not.toBeNull();

    now = T0 + UNATTACHED_PHOTO_TTL_MS + 60_000;
    const logged: object[] = [];
    const sweeper = startSweeper(deps, interval, { info: (o) => logged.push(o), error: (o) => logged.push(o) });
    try {
      // The first run starts a second after the sweeper.
      for (let i = 0; i < 40 && (await db.stores.attachments.get(id)) !== null; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await db.stores.attachments.get(id)).toBeNull();
      expect(await deps.files.get(id)).toBeNull();
      expect(logged).toContainEqual({ removed: 1 });
    } finally {
      await sweeper.stop();
    }
  });
});
