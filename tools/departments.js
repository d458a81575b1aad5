#!/usr/bin/env node
// The one list of departments is schema/subgraphs.json. Everything else that must name each subgraph is derived from it:
// the npm workspaces take every folder under subgraphs/ (a glob in the root package.json); the gateway, the local
// runner, the end-to-end stack, the deployment manifests, the access matrix, the tools' roster examples and the tests
// read the list itself. What cannot read a file is the packages that need every subgraph built before them (schema
// composes them, tests start them, tools import them): their `dependencies` are written from the list by this script
// (`npm run departments -- --write`, which `npm run new-department` runs) and checked by it (`--check`, in the tools'
// tests). Plain JavaScript: it runs before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** The packages whose dependencies list every subgraph (so that turbo builds the subgraphs first), and in which section. */
const DEPENDENTS = [
  { dir: 'schema', section: 'devDependencies' },
  { dir: 'tests', section: 'dependencies' },
  { dir: 'tools', section: 'dependencies' },
];

/** The subgraphs of schema/subgraphs.json: `{ name, dir, department, url, personFields }[]` (schema/subgraph-list.js). */
const { listedSubgraphs } = require('../schema/subgraph-list');

/** A package.json written the way npm writes it (two spaces, a final newline). */
function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The dependency lists derived from schema/subgraphs.json that differ from it: `{ file, missing, extra }[]` (empty when
 * in sync). With `write`, the files are rewritten to match (other dependencies untouched, keys sorted as npm sorts them).
 */
function syncDependencies(root = ROOT, { write = false } = {}) {
  const wanted = listedSubgraphs(root).map((s) => `@aidgraph/${s.name}`);
  const known = new Set(fs.readdirSync(path.join(root, 'subgraphs')).filter((d) => d !== 'kit').map((d) => `@aidgraph/${d}`));
  const out = [];
  for (const { dir, section } of DEPENDENTS) {
    const file = path.join(root, dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    const deps = pkg[section] ?? {};
    const missing = wanted.filter((n) => !(n in deps));
    // a department dependency is one naming a folder under subgraphs/ (the kit and other packages are left alone)
    const extra = Object.keys(deps).filter((n) => known.has(n) && !wanted.includes(n));
    if (!missing.length && !extra.length) continue;
    out.push({ file: path.relative(root, file), missing, extra });
    if (write) {
      for (const n of missing) deps[n] = '*';
      for (const n of extra) delete deps[n];
      pkg[section] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b, 'en')));
      writeJson(file, pkg);
    }
  }
  return out;
}

/**
 * Everything that would break a department's registration, as sentences (empty when all is well): a folder under
 * subgraphs/ that the list does not name, a listed subgraph without its folder or with another package name, two
 * subgraphs on one port or one department, dependencies out of step, and workspaces that do not cover subgraphs/.
 */
function registrationProblems(root = ROOT) {
  const problems = [];
  const listed = listedSubgraphs(root);
  const folders = fs.readdirSync(path.join(root, 'subgraphs')).filter((d) => d !== 'kit' && fs.existsSync(path.join(root, 'subgraphs', d, 'package.json')));
  for (const f of folders) if (!listed.some((s) => s.dir === `subgraphs/${f}`)) problems.push(`subgraphs/${f} is not listed in schema/subgraphs.json`);
  const ports = new Map();
  const departments = new Map();
  for (const s of listed) {
    const pkgFile = path.join(root, s.dir, 'package.json');
    if (!fs.existsSync(pkgFile)) problems.push(`${s.name}: no package at ${s.dir}`);
    else if (JSON.parse(fs.readFileSync(pkgFile, 'utf8')).name !== `@aidgraph/${s.name}`) problems.push(`${s.name}: ${s.dir}/package.json is not named @aidgraph/${s.name}`);
    if (!s.department) problems.push(`${s.name}: no department code`);
    const port = new URL(s.url).port;
    if (ports.has(port)) problems.push(`${s.name} and ${ports.get(port)} both use port ${port}`);
    ports.set(port, s.name);
    if (departments.has(s.department)) problems.push(`${s.name} and ${departments.get(s.department)} both belong to ${s.department}`);
    departments.set(s.department, s.name);
  }
  for (const d of syncDependencies(root)) problems.push(`${d.file}: dependencies out of step with schema/subgraphs.json (missing ${d.missing.join(', ') || 'none'}; extra ${d.extra.join(', ') || 'none'}): npm run departments -- --write`);
  const workspaces = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  if (!workspaces.includes('subgraphs/*')) problems.push('the root package.json workspaces do not include subgraphs/*');
  return problems;
}

module.exports = { ROOT, DEPENDENTS, listedSubgraphs, syncDependencies, registrationProblems, writeJson };

if (require.main === module) {
  const { Command } = require('commander');
  const program = new Command()
    .name('departments')
    .description('Check (default) or write the lists derived from schema/subgraphs.json, the one list of departments.')
    .option('--write', 'rewrite the dependencies of schema, tests and tools from the list')
    .option('--check', 'report every registration problem; exit 1 when there is one (the default)')
    .parse();
  if (program.opts().write) {
    for (const d of syncDependencies(ROOT, { write: true })) console.log(`${d.file}: +${d.missing.join(' +') || ''} ${d.extra.map((e) => `-${e}`).join(' ')}`.trim());
  }
  const problems = registrationProblems(ROOT);
  for (const p of problems) console.error(`departments: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`departments: ${listedSubgraphs(ROOT).length} subgraphs registered consistently (schema/subgraphs.json)`);
}
