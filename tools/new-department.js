#!/usr/bin/env node
// `npm run new-department -- <name> --code <CODE> --port <port>`: a new department's subgraph, ready to run. It writes
// the package from tools/scaffold/template (one example record type with its loader, list, mutations, the Person field,
// migration, seed, roster import, tests, README, .env.example) and the department's example roster module and roster
// test in tools/, adds the subgraph to schema/subgraphs.json (the one list: everything else is derived from it,
// tools/departments.js), installs (links the workspace, updates package-lock.json) and builds (composes the supergraph,
// prints the subgraph's SDL, regenerates the README's access matrix). What it asks for when a person runs it without
// the options, it takes from the options in a script (--yes: never ask). Plain JavaScript: it runs before anything is
// compiled.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, listedSubgraphs, registrationProblems, syncDependencies, writeJson } = require('./departments');

const TEMPLATE = path.join(__dirname, 'scaffold', 'template');
const programmes = require(path.join(ROOT, 'common/src/domain/programmes.json'));
/** Ports the rest of the system takes by default (the gateway; its metrics listener). */
const RESERVED_PORTS = [4000, 9464];
/** Names a subgraph may not take: the other workspace packages' folders and names (npm refuses two workspaces of one name). */
const RESERVED_NAMES = ['kit', 'subgraph-kit', 'common', 'gateway', 'schema', 'tools', 'tests', 'deploy', 'aidgraph'];
/** Type names GraphQL or federation define in every schema (a record type may not take one). */
const BUILT_IN_TYPES = ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation', 'Subscription', 'Node', 'PageInfo', 'Yuan', 'DateTime', 'JSON', 'Upload', 'Entity', 'Service', 'Any', 'FieldSet', 'Township', 'Person', 'Household'];
/** The programme's name is written into code and documents: Chinese, letters, digits and a few punctuation marks, 1-30 of them. */
const PROGRAMME_NAME = /^[\p{Script=Han}A-Za-z0-9（）()·、 ]{1,30}$/u;

/** `legal-aid` -> `LegalAid`; `LegalAidCase` -> `legal-aid-case` and so on. */
const pascal = (kebab) => kebab.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = (kebab) => pascal(kebab).replace(/^./, (c) => c.toLowerCase());
const kebabOf = (pascalName) => pascalName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
/** English plural of a camelCase name's last word (case -> cases, family -> families, address -> addresses). */
function plural(name) {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/**
 * Every name the template uses, derived from the answers: `{{name}}` legal-aid, `{{nameCamel}}` legalAid, `{{NamePascal}}`
 * LegalAid, `{{name_snake}}` legal_aid, `{{Record}}` LegalAidCase, `{{record}}` legalAidCase, `{{records}}` the Person
 * field and root list, `{{record-kebab}}`, `{{record_snake}}` (the table), `{{records-kebab}}` (the roster kind),
 * `{{CODE}}`, `{{OTHER_CODE}}` (another department, for the tests' refusals), `{{departmentName}}`, `{{programme}}`,
 * `{{port}}`, `{{timestamp}}` (the migration's).
 */
function templateValues(o) {
  const department = programmes.departments.find((d) => d.code === o.code);
  const other = programmes.departments.find((d) => d.code !== o.code && d.code !== 'CIVIL_AFFAIRS');
  const record = o.record[0].toLowerCase() + o.record.slice(1);
  return {
    name: o.name,
    nameCamel: camel(o.name),
    NamePascal: pascal(o.name),
    name_snake: o.name.replace(/-/g, '_'),
    Record: o.record,
    record,
    records: o.personField,
    'records-kebab': kebabOf(o.personField),
    'record-kebab': kebabOf(o.record),
    record_snake: kebabOf(o.record).replace(/-/g, '_'),
    CODE: o.code,
    OTHER_CODE: other.code,
    departmentName: department.name,
    programme: o.programme,
    port: String(o.port),
    timestamp: String(o.timestamp ?? Date.now()),
  };
}

/** `text` with every `{{key}}` replaced; an unknown key is an error (a typo in the template must not ship). */
function render(text, values, where) {
  return text.replace(/\{\{([A-Za-z_-]+)\}\}/g, (m, key) => {
    if (!(key in values)) throw new Error(`${where}: unknown template key ${m}`);
    return values[key];
  });
}

/** The template's files: `[relative template path, relative target path]`, names rendered too. */
function templateFiles(values) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push([path.relative(TEMPLATE, full), render(path.relative(TEMPLATE, full), values, 'a file name')]);
    }
  };
  walk(TEMPLATE);
  return out.sort(([a], [b]) => a.localeCompare(b));
}

/** The supergraph's type and Person field names, so that a new department cannot collide with one. */
function supergraphNames(root) {
  const file = path.join(root, 'schema/supergraph.graphql');
  const sdl = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const types = new Set([...sdl.matchAll(/^(?:type|input|enum|scalar|interface|union)\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]));
  const fieldsOf = (type) => {
    const body = new RegExp(`^type ${type}\\b[^{]*\\{([\\s\\S]*?)^\\}`, 'm').exec(sdl)?.[1] ?? '';
    return new Set([...body.matchAll(/^\s+([A-Za-z_]\w*)\s*[(:]/gm)].map((m) => m[1]));
  };
  return { types, personFields: fieldsOf('Person'), queryFields: fieldsOf('Query'), mutationFields: fieldsOf('Mutation') };
}

/**
 * Why the options cannot make a department (sentences; empty when they can): a name that is not kebab-case or is taken,
 * an unknown department code or one that already has a subgraph, a port in use, a record type or Person field that
 * collides with the supergraph.
 */
function problemsOf(o, root = ROOT) {
  const problems = [];
  const listed = listedSubgraphs(root);
  const names = supergraphNames(root);
  if (!o.name) return ['name: missing: give the subgraph\'s name as the first argument (e.g. npm run new-department -- employment --code HUMAN_RESOURCES)'];
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(o.name ?? '') || o.name.length > 30) problems.push(`name: "${o.name}" is not kebab-case of at most 30 characters (e.g. legal-aid)`);
  else if (RESERVED_NAMES.includes(o.name)) problems.push(`name: "${o.name}" is the name of another package of the repository`);
  else if (listed.some((s) => s.name === o.name) || fs.existsSync(path.join(root, 'subgraphs', o.name)))
    problems.push(`name: subgraphs/${o.name} exists already`);
  else if (names.queryFields.has(`${camel(o.name)}AuditLog`)) problems.push(`name: its audit log would be Query.${camel(o.name)}AuditLog, which exists already`);
  const department = programmes.departments.find((d) => d.code === o.code);
  if (!department) problems.push(`--code: ${o.code} is not a department of programmes.json (${programmes.departments.map((d) => d.code).join(', ')})`);
  const owner = listed.find((s) => s.department === o.code);
  if (owner) problems.push(`--code: ${o.code} already runs the ${owner.name} subgraph`);
  const used = listed.map((s) => Number(new URL(s.url).port));
  if (!Number.isInteger(o.port) || o.port < 1024 || o.port > 65535) problems.push(`--port: ${o.port} is not a port from 1024 to 65535`);
  else if (used.includes(o.port) || RESERVED_PORTS.includes(o.port)) problems.push(`--port: ${o.port} is taken (subgraphs use ${used.join(', ')}; the gateway ${RESERVED_PORTS.join(', ')})`);
  if (!/^[A-Z][a-z0-9]+([A-Z][a-z0-9]+)*$/.test(o.record ?? '') || o.record.length > 40) problems.push(`--record: "${o.record}" is not a PascalCase type name of at most 40 characters (e.g. LegalAidCase)`);
  else if (BUILT_IN_TYPES.includes(o.record)) problems.push(`--record: ${o.record} is a type every schema defines`);
  else {
    // every type the template derives from the record's name
    const derived = ['', 'Connection', 'Edge', 'Status', 'Filter', 'Order', 'OrderField'].map((x) => `${o.record}${x}`).concat([`Record${o.record}Input`, `Correct${o.record}Input`]);
    const taken = derived.filter((t) => names.types.has(t));
    if (taken.length) problems.push(`--record: the supergraph has ${taken.length > 1 ? 'types' : 'a type'} ${taken.join(', ')} already`);
    const mutations = [`record${o.record}`, `correct${o.record}`].filter((m) => names.mutationFields.has(m));
    if (mutations.length) problems.push(`--record: the supergraph has Mutation.${mutations.join(', Mutation.')} already`);
  }
  if (!/^[a-z][A-Za-z0-9]+$/.test(o.personField ?? '') || o.personField.length > 40) problems.push(`--person-field: "${o.personField}" is not a camelCase field name of at most 40 characters`);
  else if (names.personFields.has(o.personField)) problems.push(`--person-field: Person.${o.personField} exists already`);
  // the root list takes the Person field's name, and its audit log the subgraph's
  else if (names.queryFields.has(o.personField)) problems.push(`--person-field: the root list would be Query.${o.personField}, which exists already`);
  if (!o.programme || !PROGRAMME_NAME.test(o.programme.trim()) || o.programme.trim() !== o.programme)
    problems.push('--programme: the programme\'s name is needed, 1-30 Chinese characters, letters, digits, spaces or （）·、 (e.g. 法律援助)');
  return problems;
}

/** The defaults a person would accept: the next free port, a record type and field named after the subgraph, the department's programme. */
function defaultsFor(o, root = ROOT) {
  const ports = listedSubgraphs(root).map((s) => Number(new URL(s.url).port));
  const record = o.record ?? (o.name ? `${pascal(o.name)}Record` : undefined);
  return {
    port: o.port ?? Math.max(4000, ...ports) + 1,
    record,
    personField: o.personField ?? (record ? plural(record[0].toLowerCase() + record.slice(1)) : undefined),
    programme: o.programme ?? programmes.programmes.find((p) => p.department === o.code)?.name ?? programmes.departments.find((d) => d.code === o.code)?.name,
  };
}

/**
 * Write the department into `root`: the rendered template, its line in schema/subgraphs.json and the derived
 * dependencies. Refuses (throws, nothing written) when a target file exists. Returns the files written (relative).
 */
function writeDepartment(o, root = ROOT) {
  const values = templateValues(o);
  const files = templateFiles(values);
  for (const [, target] of files) if (fs.existsSync(path.join(root, target))) throw new Error(`${target} exists already: nothing was written`);
  for (const [source, target] of files) {
    const dest = path.join(root, target);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, render(fs.readFileSync(path.join(TEMPLATE, source), 'utf8'), values, source));
  }
  const listFile = path.join(root, 'schema/subgraphs.json');
  const list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  list.subgraphs.push({ name: o.name, dir: `subgraphs/${o.name}`, department: o.code, url: `http://127.0.0.1:${o.port}/graphql`, personFields: [o.personField] });
  writeJson(listFile, list);
  syncDependencies(root, { write: true });
  return [...files.map(([, t]) => t), 'schema/subgraphs.json (+1 line)'];
}

/**
 * Remember what making the department `o` may change in `root` (the lists, the lockfile, the composed schema, the
 * README) and return the function that puts it all back: the files restored, the department's new files and folders
 * and its workspace link removed.
 */
function snapshot(root, o) {
  const kept = ['schema/subgraphs.json', 'schema/package.json', 'tests/package.json', 'tools/package.json', 'package-lock.json', 'schema/supergraph.graphql', 'README.md', 'deploy/k8s/aidgraph.yaml']
    .map((f) => [f, fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f)) : null]);
  const created = [`subgraphs/${o.name}`, `tools/src/rosters/${o.name}.ts`, `tools/test/roster-${o.name}.test.ts`, `schema/subgraphs/${o.name}.graphql`, `node_modules/@aidgraph/${o.name}`]
    .filter((f) => !fs.existsSync(path.join(root, f)));
  return () => {
    for (const f of created) fs.rmSync(path.join(root, f), { recursive: true, force: true });
    for (const [f, text] of kept) if (text !== null) fs.writeFileSync(path.join(root, f), text);
  };
}

/** Run a command in `root`, its output passed through; throws with the command's name when it fails. */
function run(root, command, args, env = {}) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

async function ask(o) {
  const { input, select } = require('@inquirer/prompts');
  const listed = listedSubgraphs();
  if (!o.name) o.name = await input({ message: 'Subgraph name (kebab-case, e.g. legal-aid):', validate: (v) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(v) || 'kebab-case, e.g. legal-aid' });
  if (!o.code)
    o.code = await select({
      message: 'Department:',
      choices: programmes.departments.filter((d) => !listed.some((s) => s.department === d.code)).map((d) => ({ name: `${d.code} ${d.name}`, value: d.code })),
    });
  const d = defaultsFor(o);
  if (o.port === undefined) o.port = Number(await input({ message: 'Port:', default: String(d.port), validate: (v) => /^\d+$/.test(v) || 'a number' }));
  if (!o.record) o.record = await input({ message: 'Main record type (PascalCase, e.g. LegalAidCase):', default: d.record });
  if (!o.personField) o.personField = await input({ message: 'Field on Person:', default: defaultsFor(o).personField });
  if (!o.programme) o.programme = await input({ message: 'Programme name (Chinese):', default: d.programme });
}

async function main(argv) {
  const { Command, InvalidArgumentError } = require('commander');
  const program = new Command()
    .name('new-department')
    .description('Create a department\'s subgraph from the scaffold and register it in schema/subgraphs.json (the one list).')
    .argument('[name]', 'the subgraph\'s name, kebab-case (e.g. legal-aid)')
    .option('--code <CODE>', 'the department code of programmes.json (e.g. JUSTICE)')
    .option('--port <port>', 'its default port (default: the next after the listed subgraphs\')', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a port number');
      return Number(v);
    })
    .option('--record <Type>', 'the main record type, PascalCase (default: <Name>Record)')
    .option('--person-field <field>', 'the field it adds to Person (default: the record type\'s plural, camelCase)')
    .option('--programme <名称>', 'the programme\'s Chinese name (default: the department\'s programme in programmes.json)')
    .option('-y, --yes', 'never ask: take the defaults for what is not given (the default when not on a terminal)')
    .option('--no-install', 'do not run npm install (the workspace is not linked until you do)')
    .option('--no-build', 'do not build (the supergraph is not composed until npm run build)')
    .option('--dry-run', 'only say what would be written')
    .showHelpAfterError('(add --help for the options)')
    .parse(argv);
  const opts = program.opts();
  const o = { name: program.args[0], code: opts.code, port: opts.port, record: opts.record, personField: opts.personField, programme: opts.programme };
  if (!opts.yes && process.stdin.isTTY && process.stdout.isTTY) await ask(o);
  Object.assign(o, { ...defaultsFor(o), ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) });
  const problems = problemsOf(o);
  if (problems.length) {
    for (const p of problems) console.error(`new-department: ${p}`);
    process.exit(2);
  }
  if (opts.dryRun) {
    for (const [, t] of templateFiles(templateValues(o))) console.log(`would write ${t}`);
    console.log(`would add ${o.name} (${o.code}, port ${o.port}, Person.${o.personField}) to schema/subgraphs.json`);
    return;
  }
  // all or nothing: what the steps below change is kept, and put back if one fails
  const undo = snapshot(ROOT, o);
  try {
    const written = writeDepartment(o);
    for (const f of written) console.log(`wrote ${f}`);
    // the Kubernetes manifests are generated from schema/subgraphs.json (deploy/manifests.js): the new Deployment and Service
    run(ROOT, process.execPath, [path.join(ROOT, 'deploy/manifests.js'), '--write']);
    console.log('wrote deploy/k8s/aidgraph.yaml');
    if (opts.install) run(ROOT, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
    if (opts.install && opts.build) run(ROOT, 'npm', ['run', 'build']);
  } catch (e) {
    undo();
    throw new Error(`${e.message}\nnothing was kept: the files written were removed and the lists put back as they were`);
  }
  const left = registrationProblems();
  for (const p of left) console.error(`new-department: ${p}`);
  console.log(
    [
      '',
      `${o.name} (${o.code}) is registered on port ${o.port} with Person.${o.personField}.`,
      opts.install && opts.build ? 'Built and composed.' : 'Next: npm install && npm run build (links the workspace, composes the supergraph).',
      `Its tests: npm test -w @aidgraph/${o.name}   The whole system: npm start   Its domain: subgraphs/${o.name}/README.md`,
    ].join('\n'),
  );
  if (left.length) process.exit(1);
}

module.exports = { templateValues, templateFiles, render, problemsOf, defaultsFor, writeDepartment, snapshot, plural };

if (require.main === module)
  main(process.argv).catch((e) => {
    console.error(`new-department: ${e.message}`);
    process.exit(1);
  });
