import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, Kind, type DocumentNode } from 'graphql';
import {
  AGE_BANDS, COORDINATES, DATA_CLASSES, MATRIX_ROLES, ageBandOf, coordinateOutcome, matrixRole, analystQuasiIdentifiers, outcomeFor, renderAccessMatrix,
  visibleEnrolments, visibleCoveredGroups, periodsOverlap, withAccessMatrix, classifyCoordinates, departmentCoordinates, type DataClass,
} from './classification';
import { classOfRule } from './policy';
import { DEFAULT_RECORD_CLASS } from './declarations';
import type { Identity } from './identity';

/**
 * The classification table against the code and the documents: every coordinate it names exists in the composed
 * supergraph; every `@Protected(...)` in every subgraph declares a class of the table; README.md holds the matrix
 * generated from it (`npm run access-matrix` rewrites it).
 */
const ROOT = join(__dirname, '../../../..');

function fieldsOf(doc: DocumentNode): Set<string> {
  const out = new Set<string>();
  for (const d of doc.definitions) {
    if (
      d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION || d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
      d.kind === Kind.INTERFACE_TYPE_DEFINITION
    )
      for (const f of d.fields ?? []) out.add(`${d.name.value}.${f.name.value}`);
  }
  return out;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('the data classification', () => {
  it('names only coordinates that exist in the composed supergraph', () => {
    const supergraph = fieldsOf(parse(readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8')));
    const missing = Object.keys(COORDINATES)
      .map((c) => c.replace(/\[.*\]$/, ''))
      .filter((c) => !supergraph.has(c));
    expect(missing).toEqual([]);
  });

  it('knows the class every @Protected field of every subgraph declares, and the field is in the table', () => {
    const subgraphs = readdirSync(join(ROOT, 'subgraphs')).filter((d) => d !== 'kit' && statSync(join(ROOT, 'subgraphs', d, 'src')).isDirectory());
    expect(subgraphs.length).toBeGreaterThanOrEqual(6);
    const unknown: string[] = [];
    let declared = 0;
    for (const s of subgraphs) {
      const files = sources(join(ROOT, 'subgraphs', s, 'src'));
      // a rule named by a constant of the subgraph (`export const HISTORY_ACCESS = { class: ..., owner: ... } as const;`,
      // `export const APPLICATION_CLASS = 'application' as const;`): strings first, then objects, each name once
      const found = new Map<string, string>();
      for (const f of files)
        for (const m of readFileSync(f, 'utf8').matchAll(/^(?:export )?const ([A-Z][A-Z0-9_]*)(?:: [A-Za-z]+)? = (\{[^;\n]*\}|'[^'\n]*')(?: as const)?;$/gm))
          if (!['DEPARTMENT', 'CHARITY_FEDERATION'].includes(m[1]) && !found.has(m[1])) found.set(m[1], m[2].replace(/\s+as\s+const\b/g, ''));
      const constants = [...found]
        .sort(([, a], [, b]) => Number(a.startsWith('{')) - Number(b.startsWith('{')))
        // a constant that needs what this test does not define (an enum, an import) is left undefined
        .map(([name, value]) => `var ${name}; try { ${name} = ${value}; } catch (e) {}`)
        .filter((c) => {
          try {
            // eslint-disable-next-line no-new-func
            new Function(c);
            return true;
          } catch {
            return false; // TypeScript beyond `as const`: not a rule
          }
        })
        .join(' ');
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/@Protected\(([^)]*)\)/g)) {
          declared++;
          // eslint-disable-next-line no-new-func
          const rule = new Function(`const DEPARTMENT = 'X', CHARITY_FEDERATION = 'CHARITY_FEDERATION'; ${constants} return (${m[1]});`)();
          const { cls } = classOfRule(rule);
          if (!(cls in DATA_CLASSES)) unknown.push(`${file}: ${m[0]}`);
        }
      }
    }
    expect(declared).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });

  it('gives every class an outcome for every role, and a matrix row for every coordinate', () => {
    for (const [name, d] of Object.entries(DATA_CLASSES)) for (const r of MATRIX_ROLES) expect({ name, r, o: typeof d.outcomes[r] }).toEqual({ name, r, o: 'string' });
    expect(MATRIX_ROLES).toContain('villageAssistant');
    const text = renderAccessMatrix();
    for (const c of Object.keys(COORDINATES)) expect(text).toContain(`\`${c}\``);
    expect(text).toContain('| village assistant, own village |');
    expect(text).toContain('- **village assistant, own village** sees');
  });

  it('maps every role of a token to a matrix column: a township approver as a caseworker, a village assistant to its own column in its village', () => {
    const roles: [Identity, { owner?: string; inScope?: boolean }, string][] = [
      [{ subject: 'c', role: 'caseworker', township: '370281001' }, {}, 'caseworkerInScope'],
      [{ subject: 'c', role: 'caseworker', township: '370281001' }, { inScope: false }, 'caseworkerOutOfScope'],
      [{ subject: 't', role: 'township_approver', township: '370281001' }, {}, 'caseworkerInScope'],
      [{ subject: 't', role: 'township_approver', township: '370281001' }, { inScope: false }, 'caseworkerOutOfScope'],
      [{ subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' }, {}, 'villageAssistant'],
      [{ subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' }, { owner: 'SOCIAL_ASSISTANCE_CENTRE' }, 'villageAssistant'],
      [{ subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' }, { inScope: false }, 'caseworkerOutOfScope'],
      // another department's data, even of its village: as a caseworker of another township
      [{ subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' }, { owner: 'EDUCATION' }, 'caseworkerOutOfScope'],
    ];
    for (const [identity, opts, column] of roles) expect({ role: identity.role, opts, column: matrixRole(identity, 'quasi.programme', opts) }).toEqual({ role: identity.role, opts, column });
    // health.medical is owned by medical security: out of a village assistant's remit whatever the village
    expect(matrixRole({ subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' }, 'health.medical')).toBe('caseworkerOutOfScope');
  });

  it('classes applications (一窗受理) for the service centre and civil affairs, the township, the village, and counts for analysts', () => {
    const a = DATA_CLASSES.application;
    expect(a.owner).toBe('SOCIAL_ASSISTANCE_CENTRE');
    expect(a.alsoOwners.map((o) => o.department)).toEqual(['CIVIL_AFFAIRS']);
    expect(a.outcomes).toEqual({
      caseworkerInScope: 'value', caseworkerOutOfScope: 'FORBIDDEN', villageAssistant: 'value', officerOwner: 'value', officerOther: 'FORBIDDEN',
      analyst: 'countOnly', auditor: 'value', publicSite: 'FORBIDDEN',
    });
    const rule = { owner: 'SOCIAL_ASSISTANCE_CENTRE' };
    expect(outcomeFor({ subject: 'o', role: 'department_officer', department: 'CIVIL_AFFAIRS' }, 'application', rule)).toBe('value');
    expect(outcomeFor({ subject: 'o', role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' }, 'application', rule)).toBe('value');
    expect(outcomeFor({ subject: 'o', role: 'department_officer', department: 'EDUCATION' }, 'application', rule)).toBe('FORBIDDEN');
    expect(outcomeFor({ subject: 'o', role: 'township_approver', township: '370281001' }, 'application', rule)).toBe('value');
    expect(outcomeFor({ subject: 'o', role: 'analyst' }, 'application', rule)).toBe('countOnly');
    // the matrix shows the village assistant's column of a coordinate owned by another department as out of scope
    expect(coordinateOutcome({ class: 'quasi.programme', owner: 'DISASTER_RELIEF' }, 'villageAssistant')).toBe('FORBIDDEN');
    expect(coordinateOutcome({ class: 'quasi.programme' }, 'villageAssistant')).toBe('value');
    expect(coordinateOutcome(COORDINATES['Person.educationAids'], 'villageAssistant')).toBe('omitted');
  });

  it('keeps every row of the table in README.md\'s access matrix (the whole matrix, with what each subgraph declares in its own files, is checked by schema/access-matrix.js --check)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = withAccessMatrix('<!-- access-matrix:begin --><!-- access-matrix:end -->').split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((l) => !readme.includes(l))).toEqual([]);
  });

  it('classes what reveals a protected value like that value', () => {
    expect(COORDINATES['Enrolment.amount'].class).toBe('income');
    expect(COORDINATES['Household.perCapitaMonthlyIncome'].class).toBe('income');
    expect(COORDINATES['Person.enrolments[DIBAO+MARGINAL]'].class).toBe('health.enrolment');
    expect(COORDINATES['PersonFilter.programme'].class).toBe('health.enrolment');
    expect(COORDINATES['Person.age'].class).toBe(COORDINATES['Person.birthDate'].class);
    const justice: Identity = { subject: 'j', role: 'department_officer', department: 'JUSTICE' };
    expect(outcomeFor(justice, 'income')).toBe('FORBIDDEN');
    expect(outcomeFor(justice, 'health.enrolment')).toBe('collapsed');
    expect(outcomeFor({ subject: 'm', role: 'department_officer', department: 'MEDICAL_SECURITY' }, 'health.enrolment')).toBe('value');
    expect(outcomeFor({ subject: 'm', role: 'department_officer', department: 'MEDICAL_SECURITY' }, 'health.coveredGroup')).toBe('omitted');
  });

  it('collapses single-person coverage and temporary aid for the roles the table says', () => {
    const e = (programme: string, status = 'ACTIVE', startDate = '2025-01-01', endDate: string | null = null) => ({ programme, status, startDate, endDate });
    const single = [e('DIBAO'), e('MARGINAL'), e('TEMPORARY', 'ENDED')];
    const education: Identity = { subject: 'e', role: 'department_officer', department: 'EDUCATION' };
    expect(visibleEnrolments(education, single)).toEqual([e('MARGINAL')]);
    expect(visibleEnrolments(education, [e('DIBAO')])).toEqual([e('DIBAO')]);
    // an ended DIBAO that overlapped the MARGINAL is single-person coverage too (the pair was held at once)
    const endedPair = [e('DIBAO', 'ENDED', '2020-08-14', '2026-12-01'), e('MARGINAL')];
    expect(visibleEnrolments(education, endedPair)).toEqual([e('MARGINAL')]);
    const bothEnded = [e('DIBAO', 'ENDED', '2021-03-01', '2022-03-01'), e('MARGINAL', 'ENDED', '2021-03-01', '2022-03-01')];
    expect(visibleEnrolments(education, bothEnded)).toEqual([bothEnded[1]]);
    // a DIBAO that ended before the MARGINAL began (the household's income rose) is not: both are shown
    const sequence = [e('DIBAO', 'ENDED', '2020-01-01', '2024-12-31'), e('MARGINAL')];
    expect(visibleEnrolments(education, sequence)).toEqual(sequence);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2024-12-31' }, { startDate: '2024-12-31', endDate: null })).toBe(true);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2024-12-30' }, { startDate: '2024-12-31', endDate: null })).toBe(false);
    expect(visibleCoveredGroups(education, ['DIBAO_RECIPIENT'], endedPair, [])).toEqual(['DIBAO_RECIPIENT']);
    expect(visibleCoveredGroups(education, ['DIBAO_RECIPIENT'], [e('DIBAO'), e('MARGINAL', 'ENDED', '2024-01-01', '2025-06-01')], [])).toEqual([]);
    for (const who of [{ role: 'auditor' }, { role: 'analyst' }, { role: 'caseworker', township: '370281001' }, { role: 'township_approver', township: '370281001' }, { role: 'department_officer', department: 'CIVIL_AFFAIRS' }] as const)
      expect(visibleEnrolments({ subject: 'x', ...who } as Identity, single)).toEqual(single);
    // a village assistant sees its village's enrolments with health collapsed, as other departments' officers do
    const assistant: Identity = { subject: 'v', role: 'village_assistant', township: '370281001', village: '370281001001' };
    expect(visibleEnrolments(assistant, single)).toEqual([e('MARGINAL')]);
    expect(visibleCoveredGroups(assistant, ['DIBAO_RECIPIENT', 'SEVERE_MENTAL_ILLNESS'], [e('DIBAO')], ['SEVERE_MENTAL_ILLNESS'])).toEqual(['DIBAO_RECIPIENT']);
  });

  it('lists the analysts\' quasi-identifiers from the table, and bands ages', () => {
    expect(analystQuasiIdentifiers().sort()).toEqual(['Person.ageBand', 'Person.gender', 'Person.township']);
    expect([0, 17, 18, 39, 40, 59, 60, 104].map(ageBandOf)).toEqual(['AGE_0_17', 'AGE_0_17', 'AGE_18_39', 'AGE_18_39', 'AGE_40_59', 'AGE_40_59', 'AGE_60_PLUS', 'AGE_60_PLUS']);
    expect(AGE_BANDS.map((b) => b.code)).toHaveLength(4);
    const classes = new Set(Object.values(COORDINATES).map((c) => c.class));
    // the default class of a new department's records is declared on its types and fields (declarations.ts), not in the table
    for (const c of Object.keys(DATA_CLASSES) as DataClass[])
      // and so is a class a department classifies its coordinates in in its own files (classifyCoordinates): legal.aid
      // (application: the service centre classifies its own coordinates)
      // and disclosure (the public notices: declared where the notice is defined, service-centre and civil-affairs)
      // and supervision.alert (supervision classifies its own coordinates)
      if (c !== DEFAULT_RECORD_CLASS && c !== 'legal.aid' && c !== 'application' && c !== 'disclosure' && c !== 'supervision.alert' && !c.startsWith('referral')) expect({ c, used: classes.has(c) }).toEqual({ c, used: true });
  });
});

describe('a department\'s own classification (classifyCoordinates)', () => {
  it('may narrow its class\'s outcomes, never widen them, and never reclassify what is classified', () => {
    expect(() => classifyCoordinates({ 'ProbeRecord.idNumber': { class: 'identifier.idNumber', kind: 'field', outcomes: { analyst: 'value' } } })).toThrow(
      /gives analyst 'value' where its class identifier.idNumber gives 'null'/,
    );
    expect(() => classifyCoordinates({ 'ProbeRecord.name': { class: 'identifier.name', kind: 'field', outcomes: { caseworkerOutOfScope: 'masked' } } })).toThrow(/never widen/);
    expect(() => classifyCoordinates({ 'Person.name': { class: 'public', kind: 'field' } })).toThrow(/already classified differently/);
    expect(() => classifyCoordinates({ 'ProbeRecord.x': { class: 'department.record', kind: 'field' } })).toThrow(/needs its owning department/);
    // narrowing, or another withheld form (a count instead of null), is allowed
    classifyCoordinates({ 'ProbeFilter.kind': { class: 'quasi.programme', kind: 'filter', outcomes: { analyst: 'countOnly', caseworkerOutOfScope: 'omitted' } } });
    expect(COORDINATES['ProbeFilter.kind'].outcomes).toEqual({ analyst: 'countOnly', caseworkerOutOfScope: 'omitted' });
    expect(departmentCoordinates()['ProbeFilter.kind']).toBeDefined();
  });

  it('denies the public disclosure site (role public) every class but disclosure, at every coordinate of the table', () => {
    const site = { subject: 'public-site', role: 'public' as const };
    for (const [name, d] of Object.entries(DATA_CLASSES))
      expect({ name, o: d.outcomes.publicSite, for: outcomeFor(site, name as keyof typeof DATA_CLASSES) }).toEqual({ name, o: name === 'disclosure' ? 'value' : 'FORBIDDEN', for: name === 'disclosure' ? 'value' : 'FORBIDDEN' });
    for (const [coordinate, c] of Object.entries(COORDINATES)) expect({ coordinate, o: coordinateOutcome(c, 'publicSite') }).toEqual({ coordinate, o: c.class === 'disclosure' ? 'value' : 'FORBIDDEN' });
    // the existing class `public` (what any signed-in staff may see) is not the public site's
    expect(outcomeFor(site, 'public')).toBe('FORBIDDEN');
    expect(matrixRole(site, 'public')).toBe('publicSite');
  });
});
