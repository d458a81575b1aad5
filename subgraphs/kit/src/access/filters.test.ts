import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { assertFiltersAllowed, filterOutcome } from './filters';
import { COORDINATES } from './classification';
import type { Identity } from './identity';

const SCHEMA_DIR = join(__dirname, '../../../../schema');

/** Every input field of every *Filter input type in an SDL text, as 'Input.field'. */
function filterFieldsOf(sdl: string): string[] {
  const out: string[] = [];
  for (const d of parse(sdl).definitions)
    if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value.endsWith('Filter'))
      for (const f of d.fields ?? []) out.push(`${d.name.value}.${f.name.value}`);
  return out;
}

function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

const analyst: Identity = { subject: 'a', role: 'analyst' };
const auditor: Identity = { subject: 'u', role: 'auditor' };
const medicalOfficer: Identity = { subject: 'm', role: 'department_officer', department: 'MEDICAL_SECURITY' };
const disabilityOfficer: Identity = { subject: 'd', role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION' };
const charityOfficer: Identity = { subject: 'c', role: 'department_officer', department: 'CHARITY_FEDERATION' };
const PERSON = '0f8fad5b-d9cb-469f-a165-70867728950e';
const rows = infoOf('{ list { totalCount edges { node { id } } } }');
const count = infoOf('{ list { totalCount } }');

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { extensions?: { code?: string } }).extensions?.code ?? 'THREW';
  }
}

/**
 * The departments' own declarations (classifyCoordinates, `access` of sort keys) are made when their modules load: load
 * every subgraph of the repository, as its server does, before comparing the schema with the classification.
 */
function loadDepartmentDeclarations(): void {
  const root = join(__dirname, '../../../..');
  for (const d of readdirSync(join(root, 'subgraphs')))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(join(root, 'subgraphs', d, 'src/subgraph.ts'))) require(join(root, 'subgraphs', d, 'src/subgraph.ts'));
}

describe('filter classification (every filter argument of every list is a coordinate)', () => {
  beforeAll(loadDepartmentDeclarations);
  const supergraph = readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8');
  const subgraphFiles = readdirSync(join(SCHEMA_DIR, 'subgraphs')).filter((f) => f.endsWith('.graphql'));

  it('classifies every input field of every *Filter input type of the supergraph and of each subgraph', () => {
    const fields = new Set(filterFieldsOf(supergraph));
    for (const f of subgraphFiles) for (const c of filterFieldsOf(readFileSync(join(SCHEMA_DIR, 'subgraphs', f), 'utf8'))) fields.add(c);
    expect(fields.size).toBeGreaterThan(60);
    const missing = [...fields].filter((c) => COORDINATES[c]?.kind !== 'filter');
    expect(missing).toEqual([]);
  });

  it('has no filter coordinate that is not an input field of the supergraph', () => {
    const fields = new Set(filterFieldsOf(supergraph));
    const stale = Object.entries(COORDINATES)
      .filter(([k, c]) => c.kind === 'filter' && !k.includes('['))
      .map(([k]) => k)
      .filter((k) => !fields.has(k));
    expect(stale).toEqual([]);
  });

  it('refuses to analysts every filter on a field they get as null, and every per-person or per-household id filter', () => {
    for (const c of ['MedicalClaimFilter.hospital', 'MedicalClaimFilter.year', 'CharityGrantFilter.grantedFrom', 'CharityGrantFilter.grantedTo',
])
      expect({ c, o: filterOutcome(analyst, c) }).toEqual({ c, o: 'FORBIDDEN' });
    // a year on a list that answers analysts only a count gives a yearly count, never a row's year
    for (const c of ['EducationAidFilter.academicYear', 'RentSubsidyFilter.year', 'PublicRentalAllocationFilter.year', 'DilapidatedHouseRenovationFilter.year'])
      expect({ c, o: filterOutcome(analyst, c) }).toEqual({ c, o: 'countOnly' });
    const idFilters = Object.keys(COORDINATES).filter((k) => /Filter\.(personId|householdId|applicantId)$/.test(k) && !k.startsWith('AuditLog'));
    expect(idFilters.length).toBeGreaterThanOrEqual(12);
    for (const c of idFilters) expect({ c, o: filterOutcome(analyst, c) }).toEqual({ c, o: 'FORBIDDEN' });
  });

  it('refuses the probes to analysts from the query alone, count-only lists included', () => {
    expect(code(() => assertFiltersAllowed(analyst, 'MedicalClaimFilter', { hospital: '洋河镇卫生院' }, rows))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'MedicalClaimFilter', { year: 2024 }, count))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'DisabilitySubsidyFilter', { difficulty: 'DIBAO', personId: PERSON }, count))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'EducationAidFilter', { personId: PERSON }, count))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'RentSubsidyFilter', { applicantId: PERSON }, count))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'CharityGrantFilter', { grantedFrom: '2024-01-01' }, count))).toBe('FORBIDDEN');
    // count-only filters: a bare count is allowed, rows are not
    expect(code(() => assertFiltersAllowed(analyst, 'DisabilitySubsidyFilter', { difficulty: 'DIBAO' }, count))).toBeUndefined();
    expect(code(() => assertFiltersAllowed(analyst, 'DisabilitySubsidyFilter', { difficulty: 'DIBAO' }, rows))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'CharityGrantFilter', { recipientKind: 'PERSON' }, count))).toBeUndefined();
    expect(code(() => assertFiltersAllowed(analyst, 'CharityGrantFilter', { recipientKind: 'PERSON' }, rows))).toBe('FORBIDDEN');
    // allowed (coarse) filters of a count-only list, and absent ones: a bare count only
    expect(code(() => assertFiltersAllowed(analyst, 'MedicalClaimFilter', { townshipCode: '370281001', hospital: null }, count))).toBeUndefined();
    expect(code(() => assertFiltersAllowed(analyst, 'MedicalClaimFilter', { townshipCode: '370281001' }, rows))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'DisabilityCertificateFilter', { category: 'MENTAL', grade: 'GRADE_1' }, count))).toBeUndefined();
    expect(code(() => assertFiltersAllowed(analyst, 'DisabilityCertificateFilter', { category: 'MENTAL' }, rows))).toBe('FORBIDDEN');
    expect(code(() => assertFiltersAllowed(analyst, 'MedicalClaimFilter', null, rows))).toBeUndefined();
  });

  it('keeps the probes for auditors and the owning officers', () => {
    for (const who of [auditor, medicalOfficer])
      expect(code(() => assertFiltersAllowed(who, 'MedicalClaimFilter', { hospital: '洋河镇卫生院', year: 2024, personId: PERSON }, rows))).toBeUndefined();
    for (const who of [auditor, disabilityOfficer])
      expect(code(() => assertFiltersAllowed(who, 'DisabilitySubsidyFilter', { difficulty: 'DIBAO', personId: PERSON }, rows))).toBeUndefined();
    for (const who of [auditor, charityOfficer])
      expect(code(() => assertFiltersAllowed(who, 'CharityGrantFilter', { grantedFrom: '2024-01-01', grantedTo: '2024-12-31', personId: PERSON, householdId: PERSON }, rows))).toBeUndefined();
  });

  it('refuses an unclassified filter to everyone', () => {
    for (const who of [analyst, auditor, medicalOfficer])
      expect(code(() => assertFiltersAllowed(who, 'MedicalClaimFilter', { diagnosisPrefix: 'C' }, rows))).toBe('FORBIDDEN');
  });
});
