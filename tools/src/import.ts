import 'reflect-metadata';
import path from 'node:path';
import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { DataSource } from 'typeorm';
import {
  defaultDatabaseUrl, definitionEntities, ensureDevKey, configureAuditFromEnv, identityFromClaims, openDatabase,
  parseDatabaseUrl, signToken, type Identity,
} from '@aidgraph/subgraph-kit';
import {
  acceptedHeaders, RegistryError, RosterFileError, formatImportSummary, graphqlRegistryLookup, importRoster,
  readMappingFile, readRosterFile, writeOutcomeReport, writeRejectReport, type RosterAdapter,
} from '@aidgraph/roster';
import { listedSubgraphs, loadDefinition, loadRosterAdapters } from './subgraphs';

/** Exit codes: 0 every row went in (or was unchanged), 3 some rows were rejected, 2 the command or the file is wrong, 1 a failure. */
const EXIT = { OK: 0, FAILED: 1, USAGE: 2, REJECTS: 3 } as const;

/** The claims of a JWT, unverified: the registry verifies the token on the first call (`probe`), before anything is written. */
function claimsOf(token: string): unknown {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** A development token of a department officer (the development key; refused in production mode). */
async function developmentToken(department: string): Promise<string> {
  const { privateJwk } = await ensureDevKey(process.env.DEV_KEYS_DIR || undefined);
  return signToken(
    privateJwk,
    { subject: 'roster-import', role: 'department_officer', department, expiresIn: '2h' },
    process.env.JWT_ISSUER || 'aidgraph-dev',
    process.env.JWT_AUDIENCE || 'aidgraph',
  );
}

/**
 * `npm run import -- --department <name> --file <roster.csv|.xlsx> [--kind k] [--sheet s] [--mapping m.json] [--dry-run]
 * [--rejects r.csv] [--outcomes o.csv] [--database-url url] [--registry-url url] [--token jwt]`: import a department's
 * roster into its subgraph's database. See the README's "Roster import".
 */
async function main(): Promise<number> {
  const listed = listedSubgraphs();
  const subgraphs = listed.map((s) => s.name);
  const program = new Command()
    .name('import')
    .description('Import a department\'s roster (花名册) from CSV or XLSX into its subgraph\'s database: rows matched to registry persons by ID number, validated by the department\'s rules, each row applied whole or rejected into a report.')
    .requiredOption('--department <name>', `the subgraph (${subgraphs.join(', ')}) or its department code (EDUCATION, ...)`)
    .option('--file <roster>', 'the roster: .csv (UTF-8 with or without BOM, or GBK) or .xlsx (required unless --list)')
    .option('--kind <kind>', 'which of the department\'s rosters (default its main one; see --list)')
    .option('--sheet <name>', 'the worksheet of an .xlsx (default the first)')
    .option('--mapping <file.json>', 'map other headers to the roster\'s columns: { "header in the file": "field or documented header" }')
    .option('--dry-run', 'apply nothing: say what would be added, updated, unchanged and rejected', false)
    .option('--rejects <file.csv>', 'where to write the reject report (default: <roster>.rejects.csv beside the roster)')
    .option('--outcomes <file.csv>', 'also write each row\'s outcome (added/updated/unchanged/rejected and the fields changed)')
    .option('--database-url <url>', 'the department subgraph\'s database (default its SQLite file under data/, as `npm start` uses)')
    .option('--registry-url <url>', 'the GraphQL endpoint that answers peopleByIdNumbers: the gateway or the civil-affairs subgraph', 'http://127.0.0.1:4000/graphql')
    .option('--token <jwt>', 'a department officer\'s bearer token (or AIDGRAPH_TOKEN); in development one is made when absent')
    .option('--list', 'list the department\'s rosters and their columns, and exit', false)
    .option('--no-progress', 'no progress bar')
    .showHelpAfterError('(add --help for the options)');
  program.parse();
  const o = program.opts<{
    department: string; file?: string; kind?: string; sheet?: string; mapping?: string; dryRun: boolean; rejects?: string; outcomes?: string;
    databaseUrl?: string; registryUrl: string; token?: string; list: boolean; progress: boolean;
  }>();

  function usage(message: string): never {
    return program.error(message, { exitCode: EXIT.USAGE });
  }
  const name = subgraphs.includes(o.department) ? o.department : listed.find((s) => s.department === o.department.toUpperCase())?.name;
  if (!name || !subgraphs.includes(name)) usage(`unknown department ${o.department}; known: ${subgraphs.join(', ')}`);
  const def = loadDefinition(name);
  const adapters = loadRosterAdapters(name);
  if (!adapters.length) usage(`${name} has no roster import (its records are entered one by one); departments with one: ${subgraphs.filter((s) => loadRosterAdapters(s).length).join(', ')}`);
  if (o.list) {
    for (const a of adapters) {
      console.log(`${a.kind}: ${a.title} — natural key: ${a.naturalKey}`);
      for (const f of a.fields) {
        const also = acceptedHeaders(f).slice(1).filter((h) => h !== f.key);
        console.log(`  ${f.header}${f.required === false ? ' (optional)' : ''} — ${f.description}${also.length ? `; also: ${also.join(', ')}` : ''}`);
      }
    }
    return EXIT.OK;
  }
  if (!o.file) usage('--file <roster> is required');
  const file = o.file;
  const adapter: RosterAdapter | undefined = o.kind ? adapters.find((a) => a.kind === o.kind) : adapters[0];
  if (!adapter) usage(`${name} has no roster of kind ${o.kind}; its rosters: ${adapters.map((a) => a.kind).join(', ')}`);

  const mapping = o.mapping ? readMappingFile(o.mapping) : undefined;
  const sheet = await readRosterFile(file, { sheet: o.sheet });

  let token = o.token ?? process.env.AIDGRAPH_TOKEN;
  if (!token) {
    if ((process.env.AIDGRAPH_MODE ?? 'development') === 'production') usage('--token is required in production mode (no development tokens are made)');
    token = await developmentToken(def.department);
  }
  const identity: Identity | null = identityFromClaims(claimsOf(token));
  if (!identity) usage('the token does not carry AidGraph identity claims (role, department)');
  const registry = graphqlRegistryLookup({ url: o.registryUrl, token });
  await registry.probe!();

  const databaseUrl = o.databaseUrl ?? defaultDatabaseUrl(name);
  const target = parseDatabaseUrl(databaseUrl);
  let db: DataSource | undefined;
  let closeAudit: (() => Promise<void>) | undefined;
  try {
    db = await openDatabase({ url: databaseUrl, ...definitionEntities(def) });
    // the import's audit entries are keyed and checkpointed as the subgraph's own (AUDIT_CHAIN_KEY, AUDIT_CHECKPOINT_*)
    closeAudit = configureAuditFromEnv(db, name, databaseUrl);
    let bar: SingleBar | null = null;
    const report = await importRoster({
      adapter, sheet, db, identity, registry, mapping, dryRun: o.dryRun,
      onProgress: (done, total) => {
        if (!bar && o.progress && process.stderr.isTTY && total >= 200) {
          bar = new SingleBar({ format: `${o.dryRun ? 'checking' : 'importing'} {bar} {percentage}% | {value}/{total} rows | {eta_formatted} left` }, Presets.shades_classic);
          bar.start(total, 0);
        }
        bar?.update(done);
      },
      onError: (row, e) => console.error(`row ${row}: unexpected ${(e as Error)?.name ?? 'error'} (nothing of the row was written)`),
    });
    (bar as SingleBar | null)?.stop();
    console.log(`${path.basename(file)} -> ${name} (${target.kind}${target.schema ? `, schema ${target.schema}` : ''}) as ${identity.role}@${identity.department ?? identity.township}`);
    for (const line of formatImportSummary(report)) console.log(line);
    if (report.rejects.length) {
      const rejects = o.rejects ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.rejects.csv`);
      writeRejectReport(rejects, report);
      console.log(`\nreject report: ${rejects} (${report.rejects.length} problems in ${report.rejected} rows)`);
    }
    if (o.outcomes) {
      writeOutcomeReport(o.outcomes, report);
      console.log(`row outcomes: ${o.outcomes}`);
    }
    return report.rejected ? EXIT.REJECTS : EXIT.OK;
  } finally {
    await closeAudit?.();
    if (db?.isInitialized) await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof RosterFileError) {
      console.error(`import refused, nothing written: ${e.message}`);
      process.exit(EXIT.USAGE);
    }
    if (e instanceof RegistryError) console.error(`import stopped, nothing written: ${e.message}`);
    else if ((e as { extensions?: { code?: string } }).extensions?.code === 'FORBIDDEN') console.error(`import refused: ${(e as Error).message}`);
    else console.error(`import failed: ${(e as Error).name}: ${(e as Error).message}`);
    process.exit(EXIT.FAILED);
  },
);
