import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { execute, parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { STATISTICS_WORK_MEM, createContext, definitionEntities, isEmptyDatabase, openDatabase, StatementCounter, type Identity } from '@aidgraph/subgraph-kit';
import { loadPopulation } from '@aidgraph/population';
import { databaseUrlFor, loadDefinition } from './subgraphs';

function count(v: string): number {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Keeps the last statement and its parameters, to EXPLAIN it once per case. */
class LastStatement extends StatementCounter {
  kept: { query: string; parameters?: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[]) {
    super.logQuery(query);
    if (/^\s*SELECT/i.test(query) && !/^\s*SELECT version/i.test(query)) this.kept.push({ query, parameters });
  }
}

/** Rows read by the scans of a plan (EXPLAIN ANALYZE: actual rows × loops of every scan node) and the scan kinds. */
function scanned(plan: any): { rows: number; scans: string[] } {
  let rows = 0;
  const scans: string[] = [];
  const walk = (n: any) => {
    if (/Scan/.test(n['Node Type']) && n['Relation Name']) {
      rows += (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) + (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1);
      scans.push(`${n['Node Type']} ${n['Relation Name']}${n['Index Name'] ? ` (${n['Index Name']})` : ''}`);
    }
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan);
  return { rows, scans };
}

/**
 * `npm run bench:statistics -- --postgres <url> [--size 1000000] [--iterations n]`: whole-city statistics (kit
 * statistics/) as an analyst (suppressed, audited and perturbed, as every role but the auditor gets them), on the subgraphs' own schema and database (resolvers and SQL, not HTTP): median and p99
 * of each grouping, how many SQL statements one answer takes (the table and the margins of its audit), and the rows
 * their scans read (EXPLAIN ANALYZE of the statements). Loads the population
 * first when a database is empty (civil affairs, education, disability, service centre).
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('bench-statistics')
    .description('Latency of the statistics and fund-use queries at a population size (PostgreSQL).')
    .requiredOption('--postgres <url>', 'PostgreSQL database (a schema per subgraph, as npm run generate makes)')
    .option('--size <people>', 'population size (loaded when a database is empty)', count, 1_000_000)
    .option('--seed <text>', 'population seed', 'bench')
    .option('--iterations <n>', 'runs of each query', count, 20)
    .option('--only <text>', 'only the cases whose label contains this')
    .option('--explain', 'print the plan of each statement (EXPLAIN ANALYZE, text)')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ postgres: string; size: number; seed: string; iterations: number; only?: string; explain?: boolean }>();
  process.env.AIDGRAPH_TODAY ??= '2025-12-31';
  // an analyst: suppressed, audited and perturbed tables, as every role but the auditor gets them
  const ANALYST: Identity = { subject: 'bench', role: 'analyst' };
  const cases: [string, string, string][] = [
    ['civil-affairs', 'people by township', '{ personStatistics(groupBy: [TOWNSHIP]) { cells { township people suppressed } } }'],
    ['civil-affairs', 'people by township x gender x age band', '{ personStatistics(groupBy: [TOWNSHIP, GENDER, AGE_BAND]) { cells { township people suppressed } } }'],
    ['civil-affairs', 'enrolments by township x programme', '{ enrolmentStatistics(groupBy: [TOWNSHIP, PROGRAMME]) { cells { township programme people amount suppressed } } }'],
    ['civil-affairs', 'enrolments by township x programme x status', '{ enrolmentStatistics(groupBy: [TOWNSHIP, PROGRAMME, STATUS]) { cells { township programme status people amount suppressed } } }'],
    ['civil-affairs', 'enrolments by start month', '{ enrolmentStatistics(groupBy: [START_MONTH]) { cells { startMonth people amount suppressed } } }'],
    ['civil-affairs', 'fund use, a year (programme x township x month)', '{ civilAffairsFundUse(year: 2025) { cells { programme township month recipients amount suppressed } } }'],
    ['civil-affairs', 'fund use, a month (slice of its year)', '{ civilAffairsFundUse(month: "2025-12") { cells { programme township recipients amount suppressed } } }'],
    ['education', 'education aid by township x school stage', '{ educationStatistics(groupBy: [TOWNSHIP, SCHOOL_STAGE]) { cells { township schoolStage people amount suppressed } } }'],
    ['education', 'education aid by month', '{ educationStatistics(groupBy: [MONTH]) { cells { month people amount suppressed } } }'],
    ['disability', 'certificates by category x grade', '{ disabilityCertificateStatistics(groupBy: [CATEGORY, GRADE]) { cells { category grade people suppressed } } }'],
    ['service-centre', 'applications by township x step', '{ applicationStatistics(groupBy: [TOWNSHIP, STEP]) { cells { township step people suppressed } } }'],
    ['service-centre', 'applications by programme (JSON list)', '{ applicationStatistics(groupBy: [PROGRAMME]) { cells { programme people suppressed } } }'],
  ];
  const open = new Map<string, { db: DataSource; schema: any; log: LastStatement }>();
  try {
    for (const name of [...new Set(cases.map((c) => c[0]))]) {
      const def = loadDefinition(name);
      const log = new LastStatement();
      const db = await openDatabase({ url: databaseUrlFor(name, { postgres: o.postgres }), ...definitionEntities(def), counter: log });
      if (await isEmptyDatabase(db, def.entities)) {
        process.stderr.write(`loading ${o.size} people into ${name}...\n`);
        await loadPopulation([{ name: def.name, db, seeder: (await def.seeder!())(o.seed) }], { seed: o.seed, size: o.size });
      }
      await db.query('ANALYZE');
      open.set(name, { db, schema: (await def.buildSchema()).schema, log });
    }
    const people = Number((await open.get('civil-affairs')!.db.query('SELECT COUNT(*) AS n FROM person'))[0].n);
    console.log(`\nPostgreSQL, ${people.toLocaleString('en')} people, an analyst, ${o.iterations} runs each (ms); rows read by the statement's scans`);
    console.log(`${'query'.padEnd(52)} ${'median'.padStart(8)} ${'p99'.padStart(8)} ${'cells'.padStart(6)} ${'SQL'.padStart(4)} ${'rows scanned'.padStart(13)}  scans`);
    for (const [name, label, text] of cases) {
      if (o.only && !label.includes(o.only)) continue;
      const { db, schema, log } = open.get(name)!;
      const doc = parse(text);
      const times: number[] = [];
      let cells = 0;
      for (let k = 0; k < o.iterations + 2; k++) {
        log.kept = [];
        const t = process.hrtime.bigint();
        const r = await execute({ schema, document: doc, contextValue: createContext(ANALYST, db, `bench-${k}`) });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (r.errors?.length) throw new Error(`${label}: ${r.errors[0].message}`);
        cells = (Object.values(r.data ?? {})[0] as any).cells.length;
        if (k >= 2) times.push(ms);
      }
      times.sort((a, b) => a - b);
      // the statements of the last run (the table and its margins: one GROUPING SETS statement, or one GROUP BY per
      // subset of the dimensions with a JSON list; fund use: per source), explained
      const s = { rows: 0, scans: [] as string[], statements: log.kept.length };
      for (const st of log.kept.splice(0)) {
        const [{ 'QUERY PLAN': plan }] = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${st.query}`, st.parameters as unknown[]);
        if (o.explain) {
          const text: { 'QUERY PLAN': string }[] = await db.transaction(async (m) => {
            await m.query(`SET LOCAL work_mem = '${STATISTICS_WORK_MEM}'`);
            return m.query(`EXPLAIN (ANALYZE) ${st.query}`, st.parameters as unknown[]);
          });
          console.log(st.query, JSON.stringify(st.parameters));
          console.log(text.map((l) => l['QUERY PLAN']).join('\n'));
        }
        const one = scanned((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan);
        s.rows += one.rows;
        s.scans.push(...one.scans);
      }
      console.log(
        `${label.padEnd(52)} ${percentile(times, 50).toFixed(1).padStart(8)} ${percentile(times, 99).toFixed(1).padStart(8)} ${String(cells).padStart(6)} ${String(s.statements).padStart(4)} ${s.rows.toLocaleString('en').padStart(13)}  ${[...new Set(s.scans)].join(', ')}`,
      );
    }
  } finally {
    for (const { db } of open.values()) await db.destroy();
  }
}

main().catch((e) => {
  console.error(`bench-statistics failed: ${(e as Error).message}`);
  process.exit(1);
});
