import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Category, CategoryRepository } from '../../app/ports/store.ts';
import type { CategoriesTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

type CategoryRow = Selectable<CategoriesTable>;

function toCategory(r: CategoryRow): Category {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    defaultUnitId: r.default_unit_id,
    active: Number(r.active) === 1,
    sort: Number(r.sort),
  };
}

function toRow(c: Category): CategoryRow {
  return {
    id: c.id,
    code: c.code,
    name_zh: c.nameZh,
    name_en: c.nameEn,
    default_unit_id: c.defaultUnitId,
    active: c.active ? 1 : 0,
    sort: c.sort,
  };
}

/** Request topics. `list` returns active categories only unless asked, ordered by sort then code. */
export function createCategoryRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): CategoryRepository {
  return {
    async list(includeInactive = false) {
      let query = db.selectFrom('categories').selectAll();
      if (!includeInactive) query = query.where('active', '=', 1);
      const rows = await query.orderBy('sort').orderBy('code').execute();
      return rows.map(toCategory);
    },

    async get(id) {
      const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCategory(row) : null;
    },

    async getByCode(code) {
      const row = await db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toCategory(row) : null;
    },

    async insert(c) {
      await db.insertInto('categories').values(toRow(c)).execute();
    },

    async update(c) {
      const { id, ...rest } = toRow(c);
      await db.updateTable('categories').set(rest).where('id', '=', id).execute();
    },
  };
}
