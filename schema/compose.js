#!/usr/bin/env node
// Prints each subgraph's SDL (from its built code), composes the supergraph with @apollo/composition, and either
// writes both into schema/ (--write) or fails when the committed files differ from what the code produces (--check).
// A department whose Person fields are missing from the supergraph (the orphanedTypes pitfall) also fails the check,
// and so does a subgraph with a field that declares no access rule (deny by default: its --print-sdl fails, naming it).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { composeServices } = require('@apollo/composition');
const { parse } = require('graphql');

const root = path.resolve(__dirname, '..');
const mode = process.argv.includes('--check') ? 'check' : process.argv.includes('--write') ? 'write' : process.argv.includes('--dry') ? 'dry' : null;
if (!mode) {
  console.error('usage: node schema/compose.js --write | --check | --dry [--only name,name]');
  console.error('  --write  print every subgraph SDL and the supergraph into schema/');
  console.error('  --check  fail when the committed files differ from what the code produces');
  console.error('  --dry    compose and report, write nothing (with --only: just those subgraphs)');
  process.exit(2);
}
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : null;
const { committedFile, listedSubgraphs } = require('./subgraph-list');
const all = listedSubgraphs();
const subgraphs = only ? all.filter((s) => only.includes(s.name)) : all;

const printed = subgraphs.map((s) => {
  const entry = path.join(root, s.dir, 'dist/index.js');
  if (!fs.existsSync(entry)) {
    console.error(`${s.name}: ${path.relative(root, entry)} is missing; build first (npm run build)`);
    process.exit(1);
  }
  let sdl;
  try {
    sdl = execFileSync(process.execPath, [entry, '--print-sdl'], {
      encoding: 'utf8',
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // the kit's schema builder refuses a field without an access rule (deny by default, AccessDeclarationError: it names
    // each field) and any other schema fault: show that message, not a stack trace
    const stderr = String(e.stderr ?? '');
    const denied = /deny by default:[\s\S]*?declarations\.ts\./.exec(stderr);
    console.error(`${s.name}: its schema does not build (${path.relative(root, entry)} --print-sdl):`);
    console.error(denied ? denied[0] : stderr.trim() || String(e.message));
    process.exit(1);
  }
  return { ...s, sdl };
});

const result = composeServices(printed.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
if (result.errors && result.errors.length) {
  console.error('composition failed:');
  for (const e of result.errors) console.error(`  - ${e.message}`);
  process.exit(1);
}
const supergraph = result.supergraphSdl;

// every department's Person fields must reach the supergraph
const problems = [];
const personBlock = /type Person\b[^{]*\{([\s\S]*?)\n\}/.exec(supergraph);
for (const s of printed) {
  for (const f of s.personFields ?? []) {
    if (!personBlock || !new RegExp(`\\n\\s+${f}[(:]`).test(personBlock[1])) problems.push(`Person.${f} of ${s.name} is missing from the supergraph`);
  }
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}

// every type, field, argument, input field and enum value of the graph carries a description (the project's standard)
const { buildASTSchema, isObjectType, isInputObjectType, isEnumType, isInterfaceType, isScalarType, isUnionType } = require('graphql');
const undocumented = [];
for (const s of printed) {
  const schema = buildASTSchema(parse(s.sdl.replace(/^extend schema @link[^\n]*\n/, '')), { assumeValid: true, assumeValidSDL: true });
  for (const type of Object.values(schema.getTypeMap())) {
    const n = type.name;
    if (n.startsWith('__') || n.startsWith('_') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(n)) continue;
    if (n === 'Query' || n === 'Mutation') {
      // root types need no description of their own, their fields do
    } else if (!type.description) undocumented.push(`${s.name}: type ${n}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (f.name.startsWith('_')) continue;
        if (!f.description) undocumented.push(`${s.name}: field ${n}.${f.name}`);
        for (const a of f.args ?? []) if (!a.description) undocumented.push(`${s.name}: argument ${n}.${f.name}(${a.name})`);
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) undocumented.push(`${s.name}: enum value ${n}.${v.name}`);
  }
}
if (undocumented.length) {
  const say = mode === 'check' ? console.error : console.warn;
  say(`${undocumented.length} parts of the graph have no description:`);
  for (const u of undocumented) say(`  - ${u}`);
  if (mode === 'check') process.exit(1);
}

const files = [
  ...printed.map((s) => [path.join(__dirname, 'subgraphs', `${s.name}.graphql`), s.sdl]),
  [path.join(__dirname, 'supergraph.graphql'), supergraph.endsWith('\n') ? supergraph : `${supergraph}\n`],
];
if (mode === 'dry') {
  console.log(`composed ${printed.length} subgraphs: ${printed.map((s) => s.name).join(', ')}; nothing written`);
} else if (mode === 'write') {
  fs.mkdirSync(path.join(__dirname, 'subgraphs'), { recursive: true });
  for (const [file, text] of files) fs.writeFileSync(file, text);
  console.log(`wrote ${files.length} files: ${printed.length} subgraphs and the supergraph`);
} else {
  // compare with the committed version (a build may already have rewritten the working copy)
  const stale = files.filter(([file, text]) => committedFile(file) !== text);
  if (stale.length) {
    for (const [file] of stale) console.error(`out of date: ${path.relative(root, file)}`);
    console.error('the committed schema differs from what the code produces: run `npm run build` (or npm run schema:write) and commit schema/');
    process.exit(1);
  }
  console.log(`schema check: ${printed.length} subgraphs and the supergraph match the code`);
}
