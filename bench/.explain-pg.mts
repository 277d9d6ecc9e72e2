import pg from 'pg';
const c = new pg.Client({ connectionString: process.argv[2] }); await c.connect();
const now = Number(process.argv[3]);
const ids = (await c.query('select id, version from tickets where sweep_at <= $1 order by sweep_at, id limit 2000', [now])).rows;
await c.query('begin');
const q = `explain (analyze, buffers, costs on) update tickets as t set escalation_level = v.escalation_level, escalate_at = v.escalate_at, sweep_at = v.sweep_at, updated_at = v.updated_at, version = v.version
 from unnest($1::text[], $2::integer[], $3::integer[], $4::bigint[], $5::bigint[], $6::bigint[], $7::integer[]) as v (id, expected_version, escalation_level, escalate_at, sweep_at, updated_at, version)
 where t.id = v.id and t.version = v.expected_version returning t.id`;
const r = await c.query(q, [ids.map(r=>r.id), ids.map(r=>r.version), ids.map(()=>1), ids.map(()=>now+86400000*5), ids.map(()=>now+86400000*5), ids.map(()=>now), ids.map(r=>r.version+1)]);
console.log(r.rows.map(x=>x['QUERY PLAN']).join('\n'));
await c.query('rollback');
await c.end();
