import 'reflect-metadata';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { generateRosters, rosterName, ROSTER_SPECS } from './rosters/index';

function wholeNumber(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };
}

/**
 * `npm run rosters -- --out <dir> [--seed s] [--size n] [--rows n] [--only names]`: write every department's example
 * rosters, drawn from the deterministic population (the same seed and size as the subgraphs' demo seed, so that the
 * rows are the registry's people): a clean roster as CSV and XLSX, one with typical mistakes, and a corrected one.
 */
async function main(): Promise<void> {
  const names = ROSTER_SPECS.map(rosterName);
  const program = new Command()
    .name('rosters')
    .description('Write example department rosters (CSV and XLSX) drawn from the deterministic population.')
    .requiredOption('--out <dir>', 'the folder to write into')
    .option('--seed <text>', 'the seed of the population (the subgraphs\' SEED)', 'jiaozhou-2020-106')
    .option('--size <people>', 'the size of the population (the subgraphs\' SEED_SIZE)', wholeNumber(50, 2_000_000), 2400)
    .option('--rows <n>', 'keep only the first rows of each roster (the mistakes roster gets the mistakes that fit: 12 rows fit them all)', wholeNumber(1, 10_000_000))
    .option('--only <names>', `which rosters (subgraph or subgraph-kind; default all: ${names.join(', ')})`)
    .showHelpAfterError('(add --help for the options)');
  program.parse();
  const o = program.opts<{ out: string; seed: string; size: number; rows?: number; only?: string }>();
  const only = o.only?.split(',').map((s) => s.trim());
  const made = await generateRosters({ out: o.out, seed: o.seed, size: o.size, rows: o.rows, only });
  if (!made.length) program.error(`no roster matches --only ${o.only}; known: ${names.join(', ')}`);
  for (const g of made)
    console.log(
      `${rosterName(g.spec).padEnd(22)} ${String(g.clean.length).padStart(6)} rows  ` +
        `mistakes: ${g.mistakes.rejected.length} rejected + ${g.mistakes.rows.length - g.mistakes.rejected.length} good  corrected: ${g.corrected.changed.length}  ` +
        `-> ${path.relative(process.cwd(), path.dirname(g.files.clean)) || '.'}/${rosterName(g.spec)}.*`,
    );
}

main().catch((e) => {
  console.error(`rosters failed: ${(e as Error).message}`);
  process.exit(1);
});
