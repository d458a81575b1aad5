import path from 'node:path';
import fs from 'node:fs';
import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import type { RosterAdapter } from '@aidgraph/roster';

/** The repository root, and the subgraphs listed in schema/subgraphs.json. */
export const ROOT = path.resolve(__dirname, '../..');

export interface ListedSubgraph {
  name: string;
  dir: string;
  /** the department code that owns it (programmes.json), e.g. JUSTICE */
  department: string;
}

export function listedSubgraphs(): ListedSubgraph[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs;
}

/** A subgraph's definition (entities, migrations, seeder) from its package, without starting it. */
export function loadDefinition(name: string): SubgraphDefinition {
  const mod = require(`@aidgraph/${name}/dist/subgraph`);
  const def = Object.values(mod).find((v: any) => v && typeof v === 'object' && v.name === name) as SubgraphDefinition | undefined;
  if (!def) throw new Error(`@aidgraph/${name} exports no subgraph definition named ${name}`);
  return def;
}

/** The database URL of a subgraph: a SQLite file in `sqliteDir`, or a schema of its own in a PostgreSQL database. */
export function databaseUrlFor(name: string, o: { postgres?: string; sqliteDir?: string }): string {
  if (o.postgres) {
    const u = new URL(o.postgres);
    u.searchParams.set('schema', name.replace(/-/g, '_'));
    return u.toString();
  }
  return `sqlite:${path.resolve(o.sqliteDir ?? path.join(ROOT, 'data'), `${name}.sqlite`)}`;
}

/**
 * The roster adapters of a subgraph (src/roster/<name>.roster.ts, `rosterAdapters`), the first being its main roster;
 * none for a subgraph without that file (the service centre: applications are taken one by one at the window).
 */
export function loadRosterAdapters(name: string): RosterAdapter[] {
  const listed = listedSubgraphs().find((s) => s.name === name);
  if (listed && !fs.existsSync(path.join(ROOT, listed.dir, 'src/roster', `${name}.roster.ts`))) return [];
  let mod: { rosterAdapters?: RosterAdapter[] };
  try {
    mod = require(`@aidgraph/${name}/dist/roster/${name}.roster`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new Error(`${name} has no roster import (build it first: npm run build)`);
    throw e;
  }
  if (!mod.rosterAdapters?.length) throw new Error(`@aidgraph/${name} exports no roster adapters`);
  return mod.rosterAdapters;
}
