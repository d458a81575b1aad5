import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { definitionEntities, openDatabase, type Identity, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import {
  graphqlRegistryLookup, importRoster, readRosterFile, type ImportReport, type RegistryLookup, type RosterAdapter,
} from '@aidgraph/roster';
import { createTestDatabase, startSubgraphHarness, type DatabaseKind, type SubgraphHarness, type TestDatabase } from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '@aidgraph/civil-affairs/dist/subgraph';
import { generateRosters, population, rowNumber, type GeneratedRoster, type Population } from '../src/rosters/index';

export { rowNumber };

/** The population of the roster tests: small, but with enough rows in every roster for its mistakes. */
export const SEED = 'roster-test';
export const SIZE = 900;

const pops = new Map<number, Population>();
export function testPopulation(size = SIZE): Population {
  if (!pops.has(size)) pops.set(size, population(SEED, size));
  return pops.get(size)!;
}

/** Generate one subgraph's example rosters into a temporary folder (removed by `cleanup`). */
export async function generated(subgraph: string, size = SIZE): Promise<{ rosters: GeneratedRoster[]; dir: string; cleanup(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aidgraph-rosters-${subgraph}-`));
  const rosters = await generateRosters({ out: dir, seed: SEED, size, only: [subgraph], pop: testPopulation(size) });
  return { rosters, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The registry (civil affairs, seeded with the same population) and a department's database, on one kind of database. */
export interface RosterTestEnv {
  registry: SubgraphHarness;
  lookup: RegistryLookup;
  identity: Identity;
  db: DataSource;
  close(): Promise<void>;
}

/**
 * Start civil affairs as the registry (over HTTP, seeded) and open the department's database: a fresh migrated one, or,
 * for civil affairs, the registry's own. `prepare` may fill it (e.g. a charity's projects).
 */
export async function startRosterEnv(
  kind: DatabaseKind,
  def: SubgraphDefinition,
  prepare?: (db: DataSource) => Promise<void>,
  size = SIZE,
): Promise<RosterTestEnv> {
  const registry = await startSubgraphHarness(civilAffairs, kind, { seedSize: size, seed: SEED });
  const officer = { role: 'department_officer' as const, department: def.department };
  const lookup = graphqlRegistryLookup({ url: registry.url, token: await registry.keys.token(officer) });
  let database: TestDatabase | undefined;
  let db = registry.db;
  if (def.name !== civilAffairs.name) {
    database = await createTestDatabase(kind, def.name);
    db = await openDatabase({ url: database.url, ...definitionEntities(def) });
  }
  if (prepare) await prepare(db);
  return {
    registry, lookup, db, identity: { subject: 'roster-test', ...officer },
    async close() {
      if (db !== registry.db) await db.destroy();
      await database?.drop();
      await registry.close();
    },
  };
}

/** Import a roster file as the test's department officer. */
export async function importFile(env: RosterTestEnv, adapter: RosterAdapter, file: string, o: { dryRun?: boolean } = {}): Promise<ImportReport> {
  return importRoster({ adapter, sheet: await readRosterFile(file), db: env.db, identity: env.identity, registry: env.lookup, dryRun: o.dryRun });
}

/** A table's rows as sorted strings of the given columns: what a roster's records must equal. */
export async function snapshot(db: DataSource, entity: EntityTarget<ObjectLiteral>, columns: string[]): Promise<string[]> {
  return tuples(await db.getRepository(entity).find(), columns);
}

export function tuples(records: readonly Record<string, any>[], columns: string[]): string[] {
  return records.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))).join('|')).sort();
}

/** The write entries of the audit log (civil affairs' log also gets the registry lookups' read entries). */
export async function auditWrites(db: DataSource): Promise<number> {
  return Number((await db.query("SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'write'"))[0].n);
}

/** How a roster's records are compared with the database. */
export interface RosterCheck {
  entity: EntityTarget<ObjectLiteral>;
  /** the columns the roster decides (a record of the roster and a row of the table compare on them) */
  columns: string[];
  /** remove the roster's records (between the mistakes roster and the clean one) */
  reset(db: DataSource): Promise<void>;
}

/**
 * The acceptance scenario of one roster, on one database: a roster with typical mistakes (every reject reason in the
 * report, the good rows in, the bad rows change nothing), a clean roster (every row added, the records equal the file),
 * a re-import of the same rows as a workbook (nothing changes), a dry run of the corrected roster (says what would
 * change, writes nothing) and the corrected roster (exactly the corrected rows updated).
 */
export function rosterScenario(env: () => RosterTestEnv, roster: () => GeneratedRoster, check: RosterCheck): void {
  const adapter = () => roster().spec.adapter;
  const table = () => snapshot(env().db, check.entity, check.columns);

  it('a roster with typical mistakes: each bad row rejected with its reasons and row number, the good rows in, the bad ones change nothing', async () => {
    const g = roster();
    const m = g.mistakes;
    const report = await importFile(env(), adapter(), g.files.mistakes);
    const rejectedRows = report.results.filter((r) => r.outcome === 'rejected').map((r) => r.row);
    expect(rejectedRows).toEqual(m.rejected.map((r) => rowNumber(r.index, false)).sort((a, b) => a - b));
    for (const r of m.rejected) {
      const lines = report.rejects.filter((x) => x.row === rowNumber(r.index, false));
      expect([lines.map((x) => x.reason).sort(), r.index]).toEqual([[...r.reasons].sort(), r.index]);
      if (r.detail) expect(lines.map((x) => x.detail)).toContain(r.detail);
    }
    const reasons = new Set(report.rejects.map((x) => x.reason));
    for (const reason of ['BAD_ID_NUMBER', 'NOT_IN_REGISTRY', 'NAME_MISMATCH', 'UNKNOWN_TOWNSHIP', 'BAD_DATE', 'REQUIRED', 'BAD_VALUE', 'DUPLICATE_ROW', 'INVALID'])
      expect(reasons).toContain(reason);
    if (g.spec.amountFields.length) expect(reasons).toContain('BAD_AMOUNT');
    // the report names rows, never an ID number
    expect(JSON.stringify(report.rejects)).not.toMatch(/\d{17}[\dXx]/);
    expect(report.added).toBe(m.rows.length - m.rejected.length);
    const bad = new Set(m.rejected.map((r) => r.index));
    expect(await table()).toEqual(tuples(g.records.filter((_, i) => !bad.has(i)), check.columns));
    await check.reset(env().db);
    expect(await table()).toEqual([]);
  });

  it('a clean roster (CSV): every row added, the records equal the file', async () => {
    const g = roster();
    const report = await importFile(env(), adapter(), g.files.clean);
    expect(report.rejects).toEqual([]);
    expect(report).toMatchObject({ rows: g.clean.length, added: g.clean.length, updated: 0, unchanged: 0, rejected: 0 });
    expect(await table()).toEqual(tuples(g.records, check.columns));
  });

  it('the same rows again, as a workbook: nothing changes', async () => {
    const g = roster();
    const before = { rows: await table(), audit: await auditWrites(env().db) };
    const report = await importFile(env(), adapter(), g.files.cleanXlsx);
    expect(report).toMatchObject({ headerRow: 2, rows: g.clean.length, added: 0, updated: 0, unchanged: g.clean.length, rejected: 0 });
    expect({ rows: await table(), audit: await auditWrites(env().db) }).toEqual(before);
  });

  it('a dry run of the corrected roster says what would change and writes nothing', async () => {
    const g = roster();
    const before = { rows: await table(), audit: await auditWrites(env().db) };
    const report = await importFile(env(), adapter(), g.files.corrected, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, added: 0, updated: g.corrected.changed.length, unchanged: g.clean.length - g.corrected.changed.length, rejected: 0 });
    expect(report.results.filter((r) => r.outcome === 'updated').map((r) => [r.row, r.changed])).toEqual(
      g.corrected.changed.map((c) => [rowNumber(c.index, false), c.fields]),
    );
    expect({ rows: await table(), audit: await auditWrites(env().db) }).toEqual(before);
  });

  it('the corrected roster updates exactly the corrected rows', async () => {
    const g = roster();
    expect(g.corrected.changed.length).toBeGreaterThan(0);
    const audit = await auditWrites(env().db);
    const report = await importFile(env(), adapter(), g.files.corrected);
    expect(report).toMatchObject({ added: 0, updated: g.corrected.changed.length, unchanged: g.clean.length - g.corrected.changed.length, rejected: 0 });
    expect(report.results.filter((r) => r.outcome === 'updated').map((r) => r.row)).toEqual(g.corrected.changed.map((c) => rowNumber(c.index, false)));
    expect(await table()).toEqual(tuples(g.corrected.records, check.columns));
    expect(await auditWrites(env().db)).toBeGreaterThanOrEqual(audit + g.corrected.changed.length);
  });
}


