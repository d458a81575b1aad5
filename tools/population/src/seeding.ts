import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { generateHouseholds, type HouseholdRecord } from './population';
import { createBulkLoader, type BulkLoader } from './bulk-load';

/** Receives the rows a department makes of the population. */
export type RowSink = (entity: EntityTarget<ObjectLiteral>, row: ObjectLiteral) => void;

/**
 * A department's share of the generated population, as rows: `household` is called for every household in order,
 * `finish` once at the end (for rows that depend on the whole population, e.g. charity projects funded by donations).
 * A seeder must be deterministic: its own draws come from `new Random(`${seed}:<department>`)`.
 */
export interface PopulationSeeder {
  household(h: HouseholdRecord, put: RowSink): void;
  finish?(put: RowSink): void;
}

export interface SeedTarget {
  name: string;
  db: DataSource;
  seeder: PopulationSeeder;
}

export interface LoadReport {
  people: number;
  households: number;
  /** rows written, per subgraph and table */
  rows: Record<string, Record<string, number>>;
  ms: number;
}

/**
 * Generate the population once and load every target's share of it, each target in one transaction (all or nothing),
 * in bulk (see BulkLoader). `onProgress` is called with the number of people generated so far.
 */
export async function loadPopulation(
  targets: SeedTarget[],
  o: { seed: string; size: number; onProgress?: (people: number) => void; progressEvery?: number },
): Promise<LoadReport> {
  const started = Date.now();
  const loaders: { t: SeedTarget; loader: BulkLoader; pending: [EntityTarget<ObjectLiteral>, ObjectLiteral][] }[] = [];
  try {
    for (const t of targets) loaders.push({ t, loader: await createBulkLoader(t.db), pending: [] });
    let people = 0;
    let households = 0;
    let nextReport = o.progressEvery ?? 10000;
    const drain = async () => {
      for (const l of loaders) {
        for (const [entity, row] of l.pending) await l.loader.add(entity, row);
        l.pending.length = 0;
      }
    };
    for (const h of generateHouseholds({ seed: o.seed, size: o.size })) {
      for (const l of loaders) l.t.seeder.household(h, (entity, row) => l.pending.push([entity, row]));
      people += h.members.length;
      households++;
      if (people >= nextReport) {
        await drain();
        o.onProgress?.(people);
        nextReport += o.progressEvery ?? 10000;
      }
    }
    for (const l of loaders) l.t.seeder.finish?.((entity, row) => l.pending.push([entity, row]));
    await drain();
    for (const l of loaders) await l.loader.commit();
    // fresh statistics (and, on PostgreSQL, the visibility map that index-only scans need) after a bulk load
    for (const l of loaders) await l.t.db.query(l.t.db.options.type === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    o.onProgress?.(people);
    return {
      people,
      households,
      rows: Object.fromEntries(loaders.map((l) => [l.t.name, { ...l.loader.counts }])),
      ms: Date.now() - started,
    };
  } catch (e) {
    for (const l of loaders) await l.loader.rollback().catch(() => undefined);
    throw e;
  }
}
