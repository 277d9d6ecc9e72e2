import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`Accept-Language is matched without regard to case (${dialect.name})`, () => {
    let w: World;
    beforeAll(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterAll(async () => w.close());

    const titleFor = async (headers: Record<string, string>, query = '') =>
      (await w.app.inject({ method: 'GET', url: `/api/tickets${query}`, headers })).json().title;

    it.each([
      ['en-US', 'en'],
      ['EN-us', 'en'],
      ['EN-US', 'en'],
      ['En', 'en'],
      ['en-gb', 'en'],
      ['zh-CN', 'zh'],
      ['ZH-cn', 'zh'],
      ['zh-hans-cn', 'zh'],
      ['EN-us,zh-CN;q=0.5', 'en'],
      ['ZH-CN,en-US;q=0.5', 'zh'],
      ['fr-FR', 'zh'],
    ])('Accept-Language: %s answers in %s', async (header, lang) => {
      expect(await titleFor({ 'accept-language': header })).toBe(lang === 'en' ? 'Please sign in' : '请先登录');
    });

    it('?lang= too', async () => {
      expect(await titleFor({}, '?lang=EN-us')).toBe('Please sign in');
    });
  });
}
