import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT } from '../src/subgraphs';

// plain JavaScript modules of the repository (they run before anything is compiled)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const scaffold = require('../new-department.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const departments = require('../departments.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const programmes = require('../../common/src/domain/programmes.json');

/**
 * The scaffold (`npm run new-department`), run as a department would run it, into a temporary copy of the repository:
 * it must leave a tree that installs, builds, composes and passes the new subgraph's own tests, its roster import test
 * and the end-to-end departments test, with no hand edits. The copy takes the repository's files (what git tracks or
 * would track), its installed node_modules, its compiled dist folders and turbo's cache (so that only what the new
 * department changes is compiled again).
 */
const listed: { name: string; department: string; url: string }[] = departments.listedSubgraphs(ROOT);
/** A department of the policy that has no subgraph yet (the scaffold refuses a code that has one). */
const FREE_CODE: string = programmes.departments.find((d: { code: string }) => d.code !== 'CIVIL_AFFAIRS' && !listed.some((s) => s.department === d.code)).code;
const NAME = 'scaffold-probe';

function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(ROOT, f);
    if (!fs.existsSync(from)) continue; // deleted in the working copy, not yet committed
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(from, path.join(to, f));
  }
  // installed packages, compiled output and turbo's cache: real copies (a build writes into dist, npm into node_modules)
  const extra = ['node_modules', '.turbo'];
  for (const dir of ['subgraphs', '.']) {
    const base = path.join(ROOT, dir);
    for (const pkg of dir === '.' ? ['common', 'gateway', 'schema', 'tests', 'tools', 'tools/population', 'tools/roster', 'deploy'] : fs.readdirSync(base)) {
      for (const sub of ['dist', 'node_modules']) if (fs.existsSync(path.join(base, pkg, sub))) extra.push(path.join(dir, pkg, sub));
    }
  }
  for (const e of extra) if (fs.existsSync(path.join(ROOT, e))) execFileSync('cp', ['-a', path.join(ROOT, e), path.join(to, path.dirname(e))]);
}

/** Run a command in the copy; its output is kept for the failure message. */
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ENV_FILES: 'off', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal}):\n${out.slice(-6000)}`);
  return out;
}

describe('the names and checks of the scaffold', () => {
  it('derives every name of the template from the answers', () => {
    const v = scaffold.templateValues({ name: 'legal-aid', code: 'JUSTICE', port: 4007, record: 'LegalAidCase', personField: 'legalAidCases', programme: '法律援助', timestamp: 1 });
    expect(v).toMatchObject({
      name: 'legal-aid', nameCamel: 'legalAid', NamePascal: 'LegalAid', name_snake: 'legal_aid', Record: 'LegalAidCase', record: 'legalAidCase',
      records: 'legalAidCases', 'record-kebab': 'legal-aid-case', record_snake: 'legal_aid_case', 'records-kebab': 'legal-aid-cases',
      CODE: 'JUSTICE', departmentName: '市司法局', programme: '法律援助', port: '4007', timestamp: '1',
    });
    expect(v.OTHER_CODE).not.toBe('JUSTICE');
    expect([scaffold.plural('case'), scaffold.plural('family'), scaffold.plural('address'), scaffold.plural('day')]).toEqual(['cases', 'families', 'addresses', 'days']);
    // every file of the template renders with these names (an unknown {{key}} is an error)
    const files: [string, string][] = scaffold.templateFiles(v);
    expect(files.map(([, t]) => t)).toEqual(expect.arrayContaining([
      'subgraphs/legal-aid/package.json', 'subgraphs/legal-aid/src/modules/legal-aid-case/legal-aid-case.entity.ts',
      'subgraphs/legal-aid/src/modules/legal-aid-case/legal-aid-case.loader.ts', 'subgraphs/legal-aid/src/modules/person/person.resolver.ts',
      'subgraphs/legal-aid/src/migrations/1-initial.ts', 'subgraphs/legal-aid/src/seed/seed.ts', 'subgraphs/legal-aid/src/roster/legal-aid.roster.ts',
      'subgraphs/legal-aid/test/legal-aid.test.ts', 'subgraphs/legal-aid/README.md', 'subgraphs/legal-aid/.env.example',
      'tools/src/rosters/legal-aid.ts', 'tools/test/roster-legal-aid.test.ts',
    ]));
    expect(() => scaffold.render('{{nope}}', v, 'x')).toThrow(/unknown template key \{\{nope\}\}/);
  });

  it('refuses what cannot make a department, naming each problem', () => {
    const taken = listed[1];
    const problems: string[] = scaffold.problemsOf({
      name: taken.name, code: taken.department, port: Number(new URL(taken.url).port), record: 'EducationAid', personField: 'name', programme: ' ',
    });
    expect(problems).toEqual([
      `name: subgraphs/${taken.name} exists already`,
      `--code: ${taken.department} already runs the ${taken.name} subgraph`,
      expect.stringMatching(new RegExp(`^--port: ${new URL(taken.url).port} is taken`)),
      '--record: the supergraph has types EducationAid, EducationAidConnection, EducationAidEdge, EducationAidStatus, EducationAidFilter, EducationAidOrder, EducationAidOrderField, RecordEducationAidInput, CorrectEducationAidInput already',
      '--record: the supergraph has Mutation.recordEducationAid, Mutation.correctEducationAid already',
      '--person-field: Person.name exists already',
      '--programme: the programme\'s name is needed, 1-30 Chinese characters, letters, digits, spaces or （）·、 (e.g. 法律援助)',
    ]);
    expect(scaffold.problemsOf({ name: 'Legal_Aid', code: 'NOPE', port: 80, record: 'case', personField: 'Cases', programme: '法律援助' })).toEqual([
      'name: "Legal_Aid" is not kebab-case of at most 30 characters (e.g. legal-aid)',
      expect.stringMatching(/^--code: NOPE is not a department of programmes.json/),
      '--port: 80 is not a port from 1024 to 65535',
      '--record: "case" is not a PascalCase type name of at most 40 characters (e.g. LegalAidCase)',
      '--person-field: "Cases" is not a camelCase field name of at most 40 characters',
    ]);
  });

  it('refuses names that would collide with a package, a built-in type, a root field, or be written into code', () => {
    const problems: string[] = scaffold.problemsOf({ name: 'gateway', code: FREE_CODE, port: 4999, record: 'String', personField: 'people', programme: "救助' + require('fs') + '" });
    expect(problems).toEqual([
      'name: "gateway" is the name of another package of the repository',
      '--record: String is a type every schema defines',
      '--person-field: the root list would be Query.people, which exists already',
      '--programme: the programme\'s name is needed, 1-30 Chinese characters, letters, digits, spaces or （）·、 (e.g. 法律援助)',
    ]);
    expect(scaffold.problemsOf({ name: 'a'.repeat(31), code: FREE_CODE, port: 4999, record: `A${'a'.repeat(40)}`, personField: 'xs', programme: '救助' })).toEqual([
      expect.stringMatching(/^name: .* is not kebab-case of at most 30 characters/),
      expect.stringMatching(/^--record: .* is not a PascalCase type name of at most 40 characters/),
    ]);
  });

  it('puts everything back when a step fails: no half-made department is left', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-scaffold-undo-'));
    try {
      for (const f of ['schema/subgraphs.json', 'schema/package.json', 'tests/package.json', 'tools/package.json', 'package.json', 'package-lock.json', 'README.md', 'schema/supergraph.graphql']) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
      }
      for (const s of listed) fs.mkdirSync(path.join(root, 'subgraphs', s.name), { recursive: true });
      const before = execFileSync('sh', ['-c', 'find . -type f | sort | xargs sha256sum'], { cwd: root, encoding: 'utf8' });
      const o = { name: 'undo-probe', code: FREE_CODE, port: 4999, record: 'UndoProbeRecord', personField: 'undoProbeRecords', programme: '救助', timestamp: 1 };
      const undo = scaffold.snapshot(root, o);
      scaffold.writeDepartment(o, root);
      expect(fs.existsSync(path.join(root, 'subgraphs/undo-probe/src/subgraph.ts'))).toBe(true);
      expect(departments.listedSubgraphs(root).map((s: { name: string }) => s.name)).toContain('undo-probe');
      undo();
      expect(execFileSync('sh', ['-c', 'find . -type f | sort | xargs sha256sum'], { cwd: root, encoding: 'utf8' })).toBe(before);
      expect(fs.existsSync(path.join(root, 'subgraphs/undo-probe'))).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the repository registered consistently: every list derived from schema/subgraphs.json', () => {
    expect(departments.registrationProblems(ROOT)).toEqual([]);
  });
});

describe('a department made with the scaffold, in a copy of the repository', () => {
  let copy: string;
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-scaffold-'));
    copyRepository(copy);
    // as a department runs it: install (links the workspace) and build (composes the supergraph) included
    run(copy, process.execPath, ['tools/new-department.js', NAME, '--code', FREE_CODE, '--yes']);
  }, 600_000);
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('registers it in the one list and composes it into the supergraph', () => {
    const entry = departments.listedSubgraphs(copy).find((s: { name: string }) => s.name === NAME);
    const port = Math.max(...listed.map((s) => Number(new URL(s.url).port))) + 1;
    expect(entry).toEqual({ name: NAME, dir: `subgraphs/${NAME}`, department: FREE_CODE, url: `http://127.0.0.1:${port}/graphql`, personFields: ['scaffoldProbeRecords'] });
    expect(departments.registrationProblems(copy)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(copy, 'tools/package.json'), 'utf8')).dependencies[`@aidgraph/${NAME}`]).toBe('*');
    expect(fs.readlinkSync(path.join(copy, 'node_modules/@aidgraph', NAME))).toBe(`../../subgraphs/${NAME}`);
    const supergraph = fs.readFileSync(path.join(copy, 'schema/supergraph.graphql'), 'utf8');
    expect(supergraph).toMatch(new RegExp(`scaffoldProbeRecords: \\[ScaffoldProbeRecord!\\] @join__field\\(graph: SCAFFOLD_PROBE\\)`));
    expect(fs.existsSync(path.join(copy, `schema/subgraphs/${NAME}.graphql`))).toBe(true);
    run(copy, process.execPath, ['schema/compose.js', '--check']);
    // the README's access matrix lists its declarations (a rule on the record type; its filters and sort keys)
    run(copy, process.execPath, ['schema/access-matrix.js', '--check']);
    const readme = fs.readFileSync(path.join(copy, 'README.md'), 'utf8');
    expect(readme).toContain(`| \`ScaffoldProbeRecord.*\` | field | \`department.record\` |`);
    expect(readme).toContain('| `ScaffoldProbeRecordFilter.personId` | filter | `department.record` |');
  });

  it('passes its own tests (both databases as configured), with no hand edits', () => {
    const out = run(path.join(copy, 'subgraphs', NAME), process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--ci']);
    expect(out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(out).not.toMatch(/failed/);
  }, 300_000);

  it('imports its example roster, and the end-to-end departments test covers it', () => {
    const roster = run(path.join(copy, 'tools'), process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--ci', `test/roster-${NAME}.test.ts`], { TEST_DATABASES: 'sqlite' });
    expect(roster).toMatch(/Tests:\s+5 passed, 5 total/);
    const e2e = run(path.join(copy, 'tests'), process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--ci', 'e2e/departments.test.ts'], { TEST_DATABASES: 'sqlite' });
    expect(e2e).toContain(`keeps the rest of the person when ${NAME} is down`);
    expect(e2e).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(e2e).not.toMatch(/failed/);
  }, 600_000);
});
