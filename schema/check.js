#!/usr/bin/env node
// The schema check a department runs before it deploys (and CI runs for every subgraph):
//   npm run schema:check -- <subgraph> [--sdl <file>] [--approve-breaking] [--approve <Coordinate>...] [--json]
// 1. composes the supergraph from the committed SDL of every other subgraph and the department's new SDL
//    (its built code's `--print-sdl`, or the file given with --sdl) and reports composition errors;
// 2. compares the new API schema with the committed supergraph's API schema with @graphql-inspector/core and
//    classifies every change as breaking, dangerous or safe;
// 3. checks every client operation (tests/operations/*.graphql, every folder registered in
//    schema/client-operations.json or given with --operations, and the documents of the gateway's trusted-document
//    manifests of other clients, such as the supervision rule engine's) against the new API schema, and names the operations
//    that would break: those that no longer validate, and those that select a coordinate a breaking change touches.
// Exit codes (see EXIT below): 0 safe, 1 composition failed, 2 usage error, 3 client operations would break,
// 4 breaking changes that no registered operation uses and that were not approved.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Command } = require('commander');
const { composeServices } = require('@apollo/composition');
const { Supergraph } = require('@apollo/federation-internals');
const { diff, CriticalityLevel } = require('@graphql-inspector/core');
const { parse, validate, visit, TypeInfo, visitWithTypeInfo, getNamedType, Source } = require('graphql');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_DIR = __dirname;
/** The gateway's manifests of trusted documents, one `<client>.json` each (TRUSTED_DOCUMENTS_DIR's default). */
const MANIFESTS_DIR = path.join(ROOT, 'gateway/trusted-documents');

/** Exit codes a CI job can read. */
const EXIT = { OK: 0, COMPOSITION_FAILED: 1, USAGE: 2, OPERATIONS_BROKEN: 3, BREAKING_UNAPPROVED: 4 };

const { committedFile, listedSubgraphs } = require('./subgraph-list');

/** A subgraph's SDL as committed (schema/subgraphs/<name>.graphql at git HEAD). */
function committedSdl(name) {
  return committedFile(path.join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`));
}

/** The SDL a subgraph's built code prints (`node <dir>/dist/index.js --print-sdl`). Throws when it is not built. */
function builtSdl(subgraph) {
  const entry = path.join(ROOT, subgraph.dir, 'dist/index.js');
  if (!fs.existsSync(entry)) throw new UsageError(`${subgraph.name}: ${path.relative(ROOT, entry)} is missing; build it first (npm run build)`);
  try {
    return execFileSync(process.execPath, [entry, '--print-sdl'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'silent' },
    });
  } catch (e) {
    // the department's code does not build a schema (e.g. a field with no access rule): its own message, once, no stack
    const said = String(e.stderr ?? '').split('\n').filter((l) => l.trim() && !/^\s+at\s/.test(l)).slice(0, 20).join('\n');
    throw new UsageError(`${subgraph.name}: its schema does not build (${path.relative(ROOT, entry)} --print-sdl):\n${said || e.message}`);
  }
}

class UsageError extends Error {}

/**
 * The client operations to check: every `.graphql` file under tests/operations and under each folder registered in
 * schema/client-operations.json (`{ "clients": [{ "name": "...", "path": "relative/folder" }] }`), plus `extra` folders,
 * plus every document of the gateway's trusted-document manifests (gateway/trusted-documents/<client>.json) of a client
 * without a registered folder — the operations such a client may send under TRUSTED_DOCUMENTS=enforce, e.g. the
 * supervision rule engine's (`npm run trusted-documents:engine`).
 * Returns `{ client, file, name, document }[]`, one per operation definition (fragments of the same file included).
 */
function clientOperations(extra = []) {
  const registry = path.join(SCHEMA_DIR, 'client-operations.json');
  const clients = fs.existsSync(registry) ? JSON.parse(fs.readFileSync(registry, 'utf8')).clients : [{ name: 'examples', path: 'tests/operations' }];
  const folders = [...clients.map((c) => ({ client: c.name, dir: path.resolve(ROOT, c.path) })), ...extra.map((d) => ({ client: path.basename(d), dir: path.resolve(d) }))];
  const out = [];
  for (const { client, dir } of folders) {
    if (!fs.existsSync(dir)) throw new UsageError(`client operations folder ${path.relative(ROOT, dir) || dir} (${client}) does not exist`);
    for (const file of walk(dir).filter((f) => f.endsWith('.graphql') || f.endsWith('.gql'))) {
      const rel = path.relative(ROOT, file);
      let document;
      try {
        document = parse(new Source(fs.readFileSync(file, 'utf8'), rel));
      } catch (e) {
        throw new UsageError(`${rel}: not a GraphQL document: ${e.message}`);
      }
      out.push(...operationsOf(document, client, rel));
    }
  }
  const registered = new Set(folders.map((f) => f.client));
  for (const file of fs.existsSync(MANIFESTS_DIR) ? fs.readdirSync(MANIFESTS_DIR).filter((f) => f.endsWith('.json')).sort() : []) {
    const client = path.basename(file, '.json');
    if (registered.has(client)) continue; // generated from its folder, checked above
    const rel = path.relative(ROOT, path.join(MANIFESTS_DIR, file));
    let manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(MANIFESTS_DIR, file), 'utf8'));
    } catch (e) {
      throw new UsageError(`${rel}: not a JSON manifest: ${e.message}`);
    }
    for (const text of Object.values(manifest)) {
      let document;
      try {
        document = parse(new Source(String(text), rel));
      } catch (e) {
        throw new UsageError(`${rel}: a document that does not parse: ${e.message}`);
      }
      out.push(...operationsOf(document, client, rel));
    }
  }
  return out;
}

/** The operations of one parsed document, each with the document's fragments: `{ client, file, name, document }[]`. */
function operationsOf(document, client, file) {
  const fragments = document.definitions.filter((d) => d.kind === 'FragmentDefinition');
  return document.definitions
    .filter((d) => d.kind === 'OperationDefinition')
    .map((op) => ({ client, file, name: op.name ? op.name.value : `(anonymous in ${file})`, document: { kind: 'Document', definitions: [op, ...fragments] } }));
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The API schema (what clients see: no join__/link directives, no inaccessible elements) of a supergraph SDL. */
function apiSchemaOf(supergraphSdl) {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * Every schema coordinate an operation selects or passes an argument to: `Type.field`, `Type.field.arg`, and the
 * named types of its variables and inputs, checked against `schema`.
 */
function usedCoordinates(schema, document) {
  const used = new Set();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const def = typeInfo.getFieldDef();
        if (parent && def) {
          used.add(`${parent.name}.${def.name}`);
          used.add(getNamedType(def.type).name);
        }
      },
      Argument() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const arg = typeInfo.getArgument();
        if (parent && field && arg) {
          used.add(`${parent.name}.${field.name}.${arg.name}`);
          used.add(getNamedType(arg.type).name);
        }
      },
      ObjectField() {
        const input = typeInfo.getParentInputType();
        const named = input && getNamedType(input);
        if (named) used.add(named.name);
      },
      VariableDefinition(node) {
        let t = node.type;
        while (t.type) t = t.type;
        used.add(t.name.value);
      },
    }),
  );
  return used;
}

/**
 * Whether a change touches an operation that uses `coordinates`: a change to a type's members that every user of the
 * type feels (an enum value or input field removed, a required input field added, a type removed or changed in kind)
 * touches operations that use the type; a required argument added to a field touches operations selecting the field;
 * any other change touches operations using its exact coordinate (`Type.field` or `Type.field.arg`).
 */
function touches(change, coordinates) {
  if (!change.path) return false;
  const parts = change.path.split('.');
  if (/^(ENUM_VALUE_|INPUT_FIELD_|TYPE_|OBJECT_TYPE_INTERFACE_|UNION_MEMBER_)/.test(change.type)) return coordinates.has(parts[0]);
  if (change.type === 'FIELD_ARGUMENT_ADDED') return coordinates.has(parts.slice(0, 2).join('.'));
  return coordinates.has(change.path);
}

/**
 * Runs the check for one subgraph. Returns a report `{ subgraph, exitCode, composition, changes, operations }`; never
 * exits the process (the CLI below does).
 * @param {object} options - `subgraph` (name), `sdl` (new SDL text; default: the built code's), `approveBreaking`
 *   (approve every breaking change no operation uses), `approve` (coordinates approved one by one), `operations`
 *   (extra folders of client operations)
 */
function checkSubgraph(options) {
  const all = listedSubgraphs();
  const target = all.find((s) => s.name === options.subgraph);
  if (!target) throw new UsageError(`unknown subgraph "${options.subgraph}": one of ${all.map((s) => s.name).join(', ')}`);
  const newSdl = options.sdl ?? builtSdl(target);
  const report = { subgraph: target.name, exitCode: EXIT.OK, composition: { ok: true, errors: [] }, changes: [], operations: [] };

  // 1. compose with every other subgraph's committed SDL
  const services = all.map((s) => {
    const sdl = s.name === target.name ? newSdl : committedSdl(s.name);
    if (sdl == null) throw new UsageError(`schema/subgraphs/${s.name}.graphql is missing: run npm run build`);
    try {
      return { name: s.name, url: s.url, typeDefs: parse(sdl) };
    } catch (e) {
      throw new UsageError(`${s.name}: the SDL does not parse: ${e.message}`);
    }
  });
  const composed = composeServices(services);
  if (composed.errors && composed.errors.length) {
    report.composition = { ok: false, errors: composed.errors.map((e) => e.message) };
    report.exitCode = EXIT.COMPOSITION_FAILED;
    return report;
  }
  const newApi = apiSchemaOf(composed.supergraphSdl);
  const oldApi = apiSchemaOf(committedFile(path.join(SCHEMA_DIR, 'supergraph.graphql')));

  // 2. classify every change of the API schema
  return Promise.resolve(diff(oldApi, newApi)).then((changes) => {
    const approved = new Set(options.approve ?? []);
    report.changes = changes.map((c) => ({
      level: c.criticality.level === CriticalityLevel.Breaking ? 'breaking' : c.criticality.level === CriticalityLevel.Dangerous ? 'dangerous' : 'safe',
      type: c.type,
      path: c.path ?? null,
      message: c.message,
      reason: c.criticality.reason ?? null,
      usedBy: [],
      approved: false,
    }));

    // 3. client operations against the new API schema
    const operations = clientOperations(options.operations ?? []);
    for (const op of operations) {
      const errors = validate(newApi, op.document).map((e) => e.message);
      const coords = usedCoordinates(oldApi, op.document);
      const breaking = report.changes.filter((c) => c.level === 'breaking' && touches(c, coords));
      for (const c of breaking) if (!c.usedBy.includes(op.name)) c.usedBy.push(op.name);
      if (errors.length || breaking.length) {
        // a manifest may hold one operation in several shapes under one name (the engine's paidSince for 1-10 dates): named once
        const entry = { client: op.client, file: op.file, name: op.name, errors, changes: breaking.map((c) => c.path ?? c.message) };
        if (!report.operations.some((o) => o.client === entry.client && o.file === entry.file && o.name === entry.name)) report.operations.push(entry);
      }
    }
    for (const c of report.changes) {
      if (c.level === 'breaking' && c.usedBy.length === 0) c.approved = Boolean(options.approveBreaking) || (c.path != null && approved.has(c.path));
    }
    if (report.operations.length) report.exitCode = EXIT.OPERATIONS_BROKEN;
    else if (report.changes.some((c) => c.level === 'breaking' && !c.approved)) report.exitCode = EXIT.BREAKING_UNAPPROVED;
    return report;
  });
}

/** A report as the lines a person reads in a terminal or a CI log. */
function formatReport(r) {
  const lines = [];
  const verdict = {
    [EXIT.OK]: 'PASS',
    [EXIT.COMPOSITION_FAILED]: 'FAIL: composition failed',
    [EXIT.OPERATIONS_BROKEN]: 'FAIL: client operations would break',
    [EXIT.BREAKING_UNAPPROVED]: 'FAIL: breaking changes not approved (no registered operation uses them; approve with --approve-breaking or --approve <path>)',
  }[r.exitCode];
  lines.push(`schema check of ${r.subgraph}: ${verdict}`);
  for (const e of r.composition.errors) lines.push(`  composition error: ${e}`);
  for (const level of ['breaking', 'dangerous', 'safe']) {
    const of = r.changes.filter((c) => c.level === level);
    if (!of.length) continue;
    lines.push(`  ${level} changes (${of.length}):`);
    for (const c of of) {
      const note = level === 'breaking' ? (c.usedBy.length ? ` — used by ${c.usedBy.join(', ')}` : c.approved ? ' — approved' : ' — used by no registered operation') : '';
      lines.push(`    ${c.path ?? ''}${c.path ? ': ' : ''}${c.message}${note}`);
    }
  }
  for (const o of r.operations) {
    lines.push(`  operation ${o.name} (${o.client}, ${o.file}) would break:`);
    for (const e of o.errors) lines.push(`    ${e}`);
    for (const c of o.changes) if (!o.errors.length) lines.push(`    uses ${c}, changed in a breaking way`);
  }
  if (!r.changes.length && r.composition.ok) lines.push('  no change to the API schema');
  return lines.join('\n');
}

async function main(argv) {
  const program = new Command()
    .name('schema:check')
    .description('Check a department subgraph\'s new schema before it deploys: composition, changes to the API schema, client operations.')
    .argument('[subgraph...]', 'subgraph names from schema/subgraphs.json (default: every subgraph)')
    .option('--sdl <file>', 'the new SDL of the (single) subgraph, instead of its built code\'s --print-sdl')
    .option('--approve-breaking', 'approve breaking changes that no registered client operation uses')
    .option('--approve <path...>', 'approve the breaking changes at these schema paths (e.g. Person.oldField)')
    .option('--operations <dir...>', 'more folders of client operations (.graphql) to check')
    .option('--json', 'print the reports as JSON (one array) instead of text')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  const opts = program.opts();
  const names = program.args.length ? program.args : listedSubgraphs().map((s) => s.name);
  if (opts.sdl && names.length !== 1) throw new UsageError('--sdl needs exactly one subgraph name');
  const reports = [];
  for (const name of names) {
    let sdl;
    if (opts.sdl) {
      try {
        sdl = fs.readFileSync(path.resolve(opts.sdl), 'utf8');
      } catch (e) {
        throw new UsageError(`--sdl ${opts.sdl}: cannot be read (${e.code ?? e.message})`);
      }
    }
    reports.push(await checkSubgraph({ subgraph: name, sdl, approveBreaking: opts.approveBreaking, approve: opts.approve, operations: opts.operations }));
  }
  if (opts.json) console.log(JSON.stringify(reports, null, 2));
  else for (const r of reports) console.log(formatReport(r));
  return reports.reduce((worst, r) => (r.exitCode !== EXIT.OK && (worst === EXIT.OK || r.exitCode < worst) ? r.exitCode : worst), EXIT.OK);
}

module.exports = { checkSubgraph, formatReport, clientOperations, usedCoordinates, EXIT };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof UsageError ? `schema:check: ${e.message}` : e.stack ?? String(e));
      process.exit(EXIT.USAGE);
    },
  );
}
