import path from 'node:path';
import { correctedOf, mistakesOf, population, writeRoster, type MistakesRoster, type Population, type RosterSpec, type Values } from './model';
import { educationAids } from './education';

export * from './model';

/** Every department's rosters, in the order they are imported (a disability subsidy needs its certificate first). */
export const ROSTER_SPECS: RosterSpec[] = [educationAids];

/** The example files of one roster and what each must give when imported. */
export interface GeneratedRoster {
  spec: RosterSpec;
  files: { clean: string; cleanXlsx: string; mistakes: string; corrected: string };
  clean: Values[];
  mistakes: MistakesRoster;
  corrected: { rows: Values[]; changed: { index: number; fields: string[] }[] };
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
    let clean = spec.rows(pop);
    if (o.rows) clean = clean.slice(0, o.rows);
    const mistakes = mistakesOf(spec, clean, pop);
    const corrected = correctedOf(spec, clean);
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
    out.push({ spec, files, clean, mistakes, corrected });
  }
  return out;
}
