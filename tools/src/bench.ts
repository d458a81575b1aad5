import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { execute, parse, type DocumentNode } from 'graphql';
import {
  createContext, definitionEntities, isEmptyDatabase, openDatabase, type Identity,
} from '@aidgraph/subgraph-kit';
import { loadPopulation } from '@aidgraph/population';
import { databaseUrlFor, loadDefinition } from './subgraphs';

function count(v: string): number {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 50) throw new InvalidArgumentError('a whole number of at least 50');
  return n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `npm run bench -- --size 10000 [--postgres url | --sqlite-dir dir] [--iterations n]`: the registry's lookups (by id,
 * by ID number, by household) and list queries with their filters and totalCount, executed against the civil-affairs
 * schema and database (the resolvers, DataLoaders and SQL — not HTTP), median and p99 latency of each. Loads the
 * population first when the database is empty. On PostgreSQL it also prints the sequential scans of the registry's
 * tables during the run (zero means every query used an index).
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('bench')
    .description("Latency of the civil-affairs registry's lookups and list queries at a population size.")
    .option('--size <people>', 'population size (loaded when the database is empty)', count, 10000)
    .option('--seed <text>', 'population seed', 'bench')
    .option('--postgres <url>', 'PostgreSQL database (schema civil_affairs)')
    .option('--sqlite-dir <dir>', 'SQLite folder (default: a bench folder under data/)')
    .option('--iterations <n>', 'runs of each query', count, 200)
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ size: number; seed: string; postgres?: string; sqliteDir?: string; iterations: number }>();
  const def = loadDefinition('civil-affairs');
  const url = databaseUrlFor('civil-affairs', { postgres: o.postgres, sqliteDir: o.sqliteDir ?? `data/bench-${o.size}` });
  const db = await openDatabase({ url, ...definitionEntities(def) });
  try {
    if (await isEmptyDatabase(db, def.entities)) {
      process.stderr.write(`loading ${o.size} people into ${o.postgres ? 'PostgreSQL' : 'SQLite'}...\n`);
      const r = await loadPopulation([{ name: def.name, db, seeder: (await def.seeder!())(o.seed) }], { seed: o.seed, size: o.size });
      process.stderr.write(`loaded in ${(r.ms / 1000).toFixed(1)} s\n`);
    }
    if (o.postgres) await db.query('ANALYZE');
    const people: number = Number((await db.query('SELECT COUNT(*) AS n FROM person'))[0].n);
    // sample keys from the database itself (any size), spread over the table
    const sample: { id: string; idNumber: string; householdId: string; townshipCode: string; name: string }[] = await db.query(
      `SELECT "id", "idNumber", "householdId", "townshipCode", "name" FROM person ORDER BY "idNumber" LIMIT 2000`,
    );
    const { schema } = await def.buildSchema();
    const auditor: Identity = { subject: 'bench', role: 'auditor' };
    let i = 0;
    const pick = () => sample[(i++ * 7919) % sample.length];
    const cases: [string, string, () => Record<string, unknown>][] = [
      ['person by id', `query($id: ID!) { person(id: $id) { id name idNumber enrolments { programme amount } } }`, () => ({ id: pick().id })],
      ['person by ID number', `query($n: String!) { personByIdNumber(idNumber: $n) { id name } }`, () => ({ n: pick().idNumber })],
      ['household with members', `query($id: ID!) { household(id: $id) { id size members { id name } } }`, () => ({ id: pick().householdId })],
      ['people: first page + totalCount', `{ people(first: 20) { totalCount edges { node { id name } } } }`, () => ({})],
      ['people by township + totalCount', `query($t: String!) { people(first: 20, filter: { townshipCode: $t }) { totalCount edges { node { id name } } } }`, () => ({ t: pick().townshipCode })],
      ['people in dibao + totalCount', `{ people(first: 20, filter: { programme: DIBAO }) { totalCount edges { node { id enrolments { amount } } } } }`, () => ({})],
      ['people by covered group + totalCount', `{ people(first: 20, filter: { coveredGroup: DISABLED_IN_DIFFICULTY }) { totalCount edges { node { id } } } }`, () => ({})],
      ['people by name prefix + totalCount', `query($p: String!) { people(first: 20, filter: { namePrefix: $p }) { totalCount edges { node { id name } } } }`, () => ({ p: pick().name.slice(0, 2) })],
      ['people: page 2 (cursor) by township', `query($t: String!) { a: people(first: 50, filter: { townshipCode: $t }) { pageInfo { endCursor } } }`, () => ({ t: pick().townshipCode })],
    ];
    const seqBefore = o.postgres ? await seqScans(db) : null;
    console.log(`\n${o.postgres ? 'PostgreSQL' : 'SQLite'}, ${people.toLocaleString('en')} people, ${o.iterations} runs each (ms)`);
    console.log(`${'query'.padEnd(40)} ${'median'.padStart(8)} ${'p99'.padStart(8)}`);
    for (const [label, text, vars] of cases) {
      const doc: DocumentNode = parse(text);
      const times: number[] = [];
      for (let k = 0; k < o.iterations + 5; k++) {
        const t = process.hrtime.bigint();
        const r = await execute({ schema, document: doc, variableValues: vars(), contextValue: createContext(auditor, db, `bench-${k}`) });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (r.errors?.length) throw new Error(`${label}: ${r.errors[0].message}`);
        if (k >= 5) times.push(ms);
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(40)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 99).toFixed(2).padStart(8)}`);
    }
    if (seqBefore) {
      const after = await seqScans(db);
      const deltas = Object.entries(after).map(([t, n]) => `${t} ${n - (seqBefore[t] ?? 0)}`);
      console.log(`sequential scans during the run: ${deltas.join(', ')}`);
    }
  } finally {
    await db.destroy();
  }
}

async function seqScans(db: import('typeorm').DataSource): Promise<Record<string, number>> {
  const rows: { relname: string; seq_scan: string }[] = await db.query(
    `SELECT relname, seq_scan FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('person', 'household', 'enrolment', 'person_covered_group')`,
  );
  return Object.fromEntries(rows.map((r) => [r.relname, Number(r.seq_scan)]));
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
