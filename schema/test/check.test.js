// The department's pre-deploy schema check (schema/check.js): composition, classified changes, client operations.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parse, print, visit } = require('graphql');
const { checkSubgraph, formatReport, EXIT } = require('../check');

const committed = (name) => fs.readFileSync(path.join(__dirname, '..', 'subgraphs', `${name}.graphql`), 'utf8');

/** The committed SDL of `name` with `edit` applied to its AST (a graphql-js visitor). */
function edited(name, visitor) {
  return print(visit(parse(committed(name)), visitor));
}

/** Removes field `field` from type (or input type) `type`. */
const withoutField = (type, field) => ({
  ObjectTypeDefinition: (node) => (node.name.value === type ? { ...node, fields: node.fields.filter((f) => f.name.value !== field) } : undefined),
  ObjectTypeExtension: (node) => (node.name.value === type ? { ...node, fields: node.fields.filter((f) => f.name.value !== field) } : undefined),
  InputObjectTypeDefinition: (node) => (node.name.value === type ? { ...node, fields: node.fields.filter((f) => f.name.value !== field) } : undefined),
});

describe('schema:check', () => {
  test('the committed SDL of every subgraph passes with no change', async () => {
    for (const name of JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'subgraphs.json'), 'utf8')).subgraphs.map((s) => s.name)) {
      const r = await checkSubgraph({ subgraph: name, sdl: committed(name) });
      expect({ name, exitCode: r.exitCode, changes: r.changes.length, operations: r.operations }).toEqual({ name, exitCode: EXIT.OK, changes: 0, operations: [] });
    }
  });

  test('removing a field an operation uses fails and names the operation', async () => {
    const r = await checkSubgraph({ subgraph: 'education', sdl: edited('education', withoutField('EducationAidConnection', 'totalCount')) });
    expect(r.exitCode).toBe(EXIT.OPERATIONS_BROKEN);
    const removal = r.changes.find((c) => c.path === 'EducationAidConnection.totalCount');
    expect(removal).toMatchObject({ level: 'breaking', type: 'FIELD_REMOVED', usedBy: ['EducationAidsByYear'] });
    expect(r.operations.map((o) => o.name)).toEqual(['EducationAidsByYear']);
    expect(r.operations[0].errors.join('\n')).toMatch(/Cannot query field "totalCount" on type "EducationAidConnection"/);
    expect(formatReport(r)).toMatch(/operation EducationAidsByYear \(examples, tests\/operations\/education-aids-by-year.graphql\) would break/);
  });

  test('making an optional argument required fails and names the operations that do not pass it', async () => {
    const sdl = edited('education', {
      FieldDefinition: (node) =>
        node.name.value === 'educationAids'
          ? { ...node, arguments: node.arguments.map((a) => (a.name.value === 'first' ? { ...a, type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } }, defaultValue: undefined } : a)) }
          : undefined,
    });
    const r = await checkSubgraph({ subgraph: 'education', sdl });
    expect(r.exitCode).toBe(EXIT.OPERATIONS_BROKEN);
    expect(r.changes.filter((c) => c.path === 'Query.educationAids.first').map((c) => `${c.type}:${c.level}`)).toContain('FIELD_ARGUMENT_TYPE_CHANGED:breaking');
    expect(r.operations.map((o) => o.name)).toEqual(['EducationAidsByYear']);
    expect(r.operations[0].errors.join('\n')).toMatch(/argument "first" of type "Int!" is required/);
  });

  test('adding a nullable field is safe and passes', async () => {
    const sdl = committed('education').replace(/type EducationAid(\s[^{]*)?\{/, (m) => `${m}\n  "A new, nullable field."\n  schoolName: String\n`);
    const r = await checkSubgraph({ subgraph: 'education', sdl });
    expect(r.exitCode).toBe(EXIT.OK);
    expect(r.changes.map((c) => `${c.level}:${c.type}:${c.path}`)).toEqual(['safe:FIELD_ADDED:EducationAid.schoolName', 'safe:FIELD_DESCRIPTION_ADDED:EducationAid.schoolName']);
  });

  test('a removal no operation uses is breaking, fails, and passes once approved', async () => {
    const sdl = edited('education', withoutField('EducationAid', 'township'));
    const refused = await checkSubgraph({ subgraph: 'education', sdl });
    expect(refused.exitCode).toBe(EXIT.BREAKING_UNAPPROVED);
    expect(refused.changes).toEqual([expect.objectContaining({ level: 'breaking', path: 'EducationAid.township', usedBy: [], approved: false })]);
    expect((await checkSubgraph({ subgraph: 'education', sdl, approveBreaking: true })).exitCode).toBe(EXIT.OK);
    expect((await checkSubgraph({ subgraph: 'education', sdl, approve: ['EducationAid.township'] })).exitCode).toBe(EXIT.OK);
    expect((await checkSubgraph({ subgraph: 'education', sdl, approve: ['EducationAid.schoolStage'] })).exitCode).toBe(EXIT.BREAKING_UNAPPROVED);
  });

  test('a change that does not compose fails with the composition errors', async () => {
    // education declares Person.name as a String it resolves itself: a second owner of a civil-affairs field
    const sdl = committed('education').replace(/type Person(\s[^{]*)?\{/, (m) => `${m}\n  "Clash."\n  name: Int\n`);
    const r = await checkSubgraph({ subgraph: 'education', sdl });
    expect(r.exitCode).toBe(EXIT.COMPOSITION_FAILED);
    expect(r.composition.errors.join('\n')).toMatch(/Person\.name/);
  });

  test("the documents of the gateway's trusted-document manifests are checked too: the rule engine's, each name once", async () => {
    const r = await checkSubgraph({ subgraph: 'civil-affairs', sdl: edited('civil-affairs', withoutField('Enrolment', 'paidSince')) });
    expect(r.exitCode).toBe(EXIT.OPERATIONS_BROKEN);
    expect(r.changes.find((c) => c.path === 'Enrolment.paidSince')).toMatchObject({ level: 'breaking', usedBy: ['SupervisionPaidSince'] });
    // ten shapes of paidSince (1 to 10 status dates) in the manifest, one operation in the report
    expect(r.operations.map((o) => [o.client, o.file, o.name])).toEqual([['supervision-rules', 'gateway/trusted-documents/supervision-rules.json', 'SupervisionPaidSince']]);
    expect(r.operations[0].errors.join('\n')).toMatch(/Cannot query field "paidSince" on type "Enrolment"/);
    expect(formatReport(r)).toMatch(/operation SupervisionPaidSince \(supervision-rules, gateway\/trusted-documents\/supervision-rules.json\) would break/);
  });

  test('a registered folder of client operations is checked too, from the command line with exit codes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-ops-'));
    try {
      fs.writeFileSync(path.join(dir, 'window.graphql'), 'query WindowAids { educationAids(first: 1) { edges { node { id approvedOn } } } }\n');
      const sdlFile = path.join(dir, 'education.graphql');
      fs.writeFileSync(sdlFile, edited('education', withoutField('EducationAid', 'approvedOn')));
      const { spawnSync } = require('node:child_process');
      const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'check.js'), 'education', '--sdl', sdlFile, '--operations', dir, '--json'], { encoding: 'utf8' });
      expect(run.status).toBe(EXIT.OPERATIONS_BROKEN);
      const [report] = JSON.parse(run.stdout);
      // the folder's operation, and the rule engine's page query from its manifest, which selects approvedOn too
      expect(report.operations.map((o) => `${o.client}:${o.name}`)).toEqual([`${path.basename(dir)}:WindowAids`, 'supervision-rules:SupervisionDeceasedOrMoved']);
      const bad = spawnSync(process.execPath, [path.join(__dirname, '..', 'check.js'), 'no-such-department'], { encoding: 'utf8' });
      expect(bad.status).toBe(EXIT.USAGE);
      expect(bad.stderr).toMatch(/unknown subgraph "no-such-department"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
