import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { definitionEntities, isEmptyDatabase, openDatabase, parseDatabaseUrl } from '@aidgraph/subgraph-kit';
import { loadPopulation, type SeedTarget } from '@aidgraph/population';
import { databaseUrlFor, listedSubgraphs, loadDefinition } from './subgraphs';

function positiveInt(v: string): number {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 50 || n > 2_000_000) throw new InvalidArgumentError('a whole number from 50 to 2000000');
  return n;
}

/**
 * `npm run generate -- --size 1000000 [--seed s] [--postgres url | --sqlite-dir dir] [--subgraphs a,b] [--replace]`:
 * generate the deterministic population once and load every subgraph's share into its own database, in bulk.
 */
async function main(): Promise<void> {
  const all = listedSubgraphs().map((s) => s.name);
  const program = new Command()
    .name('generate')
    .description('Generate a deterministic population of Jiaozhou (same seed and size, same people) and load it into every subgraph\'s database.')
    .option('--size <people>', 'how many people, exactly (50 to 2,000,000; Jiaozhou has about 900,000)', positiveInt, 2400)
    .option('--seed <text>', 'the seed: the same seed and size give the same population', 'jiaozhou-2020-106')
    .option('--postgres <url>', 'load into PostgreSQL: one schema per subgraph in this database (e.g. postgres://postgres@127.0.0.1:5432/aidgraph)')
    .option('--sqlite-dir <dir>', 'load into SQLite files <dir>/<subgraph>.sqlite (default: data/ at the repository root)')
    .option('--subgraphs <names>', `which subgraphs (default all: ${all.join(',')})`)
    .option('--replace', 'empty the subgraphs\' tables first (otherwise a database that holds data is refused)', false)
    .option('--no-progress', 'no progress bar')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ size: number; seed: string; postgres?: string; sqliteDir?: string; subgraphs?: string; replace: boolean; progress: boolean }>();
  const names = o.subgraphs ? o.subgraphs.split(',').map((s) => s.trim()) : all;
  for (const n of names) if (!all.includes(n)) program.error(`unknown subgraph ${n}; known: ${all.join(', ')}`);

  const targets: SeedTarget[] = [];
  const open: DataSource[] = [];
  try {
    for (const name of names) {
      const def = loadDefinition(name);
      if (!def.seeder) program.error(`${name} has no population seeder`);
      const url = databaseUrlFor(name, o);
      const db = await openDatabase({ url, ...definitionEntities(def) });
      open.push(db);
      if (!(await isEmptyDatabase(db, def.entities))) {
        if (!o.replace) program.error(`${name}'s database already holds data (${parseDatabaseUrl(url).kind}); use --replace to empty it first`);
        await db.transaction(async (tx) => {
          for (const e of [...def.entities].reverse()) await tx.getRepository(e).clear();
        });
      }
      targets.push({ name, db, seeder: (await def.seeder!())(o.seed) });
    }
    const bar = o.progress && process.stderr.isTTY ? new SingleBar({ format: 'generating {bar} {percentage}% | {value}/{total} people | {rate} people/s | {eta_formatted} left', etaBuffer: 20 }, Presets.shades_classic) : null;
    const started = Date.now();
    bar?.start(o.size, 0, { rate: 0 });
    const report = await loadPopulation(targets, {
      seed: o.seed,
      size: o.size,
      progressEvery: Math.max(1000, Math.round(o.size / 200)),
      onProgress: (people) => bar?.update(people, { rate: Math.round(people / ((Date.now() - started) / 1000 || 1)) }),
    });
    bar?.stop();
    const seconds = report.ms / 1000;
    const totalRows = Object.values(report.rows).reduce((n, t) => n + Object.values(t).reduce((a, b) => a + b, 0), 0);
    console.log(`\nGenerated ${report.people.toLocaleString('en')} people in ${report.households.toLocaleString('en')} households (seed "${o.seed}") into ${o.postgres ? 'PostgreSQL' : 'SQLite'}:`);
    for (const [name, tables] of Object.entries(report.rows)) {
      console.log(`  ${name.padEnd(14)} ${Object.entries(tables).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    }
    console.log(`${totalRows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ${Math.round(totalRows / seconds).toLocaleString('en')} rows/s, ${Math.round(report.people / seconds).toLocaleString('en')} people/s`);
  } finally {
    for (const db of open) if (db.isInitialized) await db.destroy();
  }
}

main().catch((e) => {
  console.error(`generate failed: ${(e as Error).message}`);
  process.exit(1);
});
