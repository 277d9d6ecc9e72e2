import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Unit, UnitRepository } from '../../app/ports/store.ts';
import type { UnitsTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

type UnitRow = Selectable<UnitsTable>;

function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    kind: r.kind as Unit['kind'],
    active: Number(r.active) === 1,
    createdAt: Number(r.created_at),
  };
}

function toRow(u: Unit): Insertable<UnitsTable> {
  return {
    id: u.id,
    code: u.code,
    name_zh: u.nameZh,
    name_en: u.nameEn,
    kind: u.kind,
    active: u.active ? 1 : 0,
    created_at: u.createdAt,
  };
}

/** Departments and colleges. `list` returns active units only unless asked, ordered by code. */
export function createUnitRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): UnitRepository {
  return {
    async list(includeInactive = false) {
      let query = db.selectFrom('units').selectAll();
      if (!includeInactive) query = query.where('active', '=', 1);
      const rows = await query.orderBy('code').execute();
      return rows.map(toUnit);
    },

    async get(id) {
      const row = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUnit(row) : null;
    },

    async getByCode(code) {
      const row = await db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toUnit(row) : null;
    },

    async insert(u) {
      await db.insertInto('units').values(toRow(u)).execute();
    },

    async update(u) {
      const { id, ...rest } = toRow(u);
      await db.updateTable('units').set(rest).where('id', '=', id).execute();
    },
  };
}
