import Database from 'better-sqlite3'; import pg from 'pg';
const target = process.argv[2]!; const now = Number(process.argv[3]);
const sqls = [`update tickets set escalation_level=0, version=version-1, escalate_at=${now-3600000}, sweep_at=${now-3600000} where escalation_level=1`, `delete from ticket_events where type='escalated'`];
if (target.startsWith('postgres')) { const c = new pg.Client({connectionString: target}); await c.connect(); for (const q of sqls) await c.query(q); await c.query('vacuum analyze tickets'); await c.end(); }
else { const db = new Database(target); for (const q of sqls) db.exec(q); db.pragma('wal_checkpoint(TRUNCATE)'); db.close(); }
