import path from 'node:path';
import { correctedOf, mistakesOf, population, writeRoster, type MistakesRoster, type Population, type RosterSpec, type SourceRecord, type Values } from './model';
import { listedSubgraphs } from '../subgraphs';

export * from './model';

/**
 * Every department's example rosters, in the order they are imported (the order of schema/subgraphs.json, then each
 * module's own: a disability subsidy needs its certificate first). A department's module is tools/src/rosters/<subgraph>.ts,
 * exporting `rosterSpecs`; found by the subgraph's name, so a new department needs no line here.
 */
export const ROSTER_SPECS: RosterSpec[] = listedSubgraphs().flatMap(({ name }) => rosterSpecsOf(name));

/** The example rosters of one subgraph (its module tools/src/rosters/<name>.ts), or none when it has no such module. */
function rosterSpecsOf(name: string): RosterSpec[] {
  let mod: { rosterSpecs?: RosterSpec[] };
  try {
    mod = require(`./${name}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(`./${name}`)) return [];
    throw e;
  }
  if (!Array.isArray(mod.rosterSpecs)) throw new Error(`tools/src/rosters/${name} exports no rosterSpecs`);
  return mod.rosterSpecs;
}

/** The example files of one roster and what each must give when imported. */
export interface GeneratedRoster {
  spec: RosterSpec;
  files: { clean: string; cleanXlsx: string; mistakes: string; corrected: string };
  /** the records of the clean roster (as the department stores them) and its rows */
  records: SourceRecord[];
  clean: Values[];
  mistakes: MistakesRoster;
  corrected: { records: SourceRecord[]; rows: Values[]; changed: { index: number; fields: string[] }[] };
}

/** The base name of a roster's files: <subgraph>-<kind>, e.g. education-aids. */
export const rosterName = (spec: RosterSpec) => `${spec.adapter.subgraph}-${spec.adapter.kind}`;

/**
 * Write each roster's example files into `out`: <name>.clean.csv and .clean.xlsx (rows drawn from the population of
 * `seed` and `size`, as the subgraphs seed them), <name>.mistakes.csv (typical mistakes) and <name>.corrected.csv
 * (some rows corrected). `rows` keeps only the first rows of each roster.
 */
export async function generateRosters(o: { out: string; seed: string; size: number; rows?: number; only?: string[]; pop?: Population }): Promise<GeneratedRoster[]> {
  const pop = o.pop ?? population(o.seed, o.size);
  const out: GeneratedRoster[] = [];
  for (const spec of ROSTER_SPECS) {
    const name = rosterName(spec);
    if (o.only && !o.only.includes(name) && !o.only.includes(spec.adapter.subgraph)) continue;
    let records = spec.records(pop);
    if (o.rows) records = records.slice(0, o.rows);
    const clean = records.map((r) => spec.values(r, pop));
    const mistakes = mistakesOf(spec, clean, pop);
    const fixed = correctedOf(spec, records);
    const corrected = { ...fixed, rows: fixed.records.map((r) => spec.values(r, pop)) };
    const files = {
      clean: path.join(o.out, `${name}.clean.csv`),
      cleanXlsx: path.join(o.out, `${name}.clean.xlsx`),
      mistakes: path.join(o.out, `${name}.mistakes.csv`),
      corrected: path.join(o.out, `${name}.corrected.csv`),
    };
    await writeRoster(spec, clean, files.clean);
    await writeRoster(spec, clean, files.cleanXlsx);
    await writeRoster(spec, mistakes.rows, files.mistakes);
    await writeRoster(spec, corrected.rows, files.corrected);
    out.push({ spec, files, records, clean, mistakes, corrected });
  }
  return out;
}
