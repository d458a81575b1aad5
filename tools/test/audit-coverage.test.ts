import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { civilAffairs } from '@aidgraph/civil-affairs/dist/subgraph';
import { education } from '@aidgraph/education/dist/subgraph';
import { medical } from '@aidgraph/medical/dist/subgraph';
import { housing } from '@aidgraph/housing/dist/subgraph';
import { disability } from '@aidgraph/disability/dist/subgraph';
import { charity } from '@aidgraph/charity/dist/subgraph';

/**
 * Issue 14 item 7: every read of personal data, in every subgraph, lists and `_entities` included, leaves an audit
 * entry naming the persons and the schema coordinates read; reading only ids leaves none; refusals are audited.
 * One representative department list (with `person { id }` to know whose records came back) and one `_entities`
 * read of the fields the department adds to Person, per subgraph.
 */
interface Coverage {
  def: SubgraphDefinition;
  log: string;
  /** a root list of the department's records: `persons` collects whose records they are */
  list: string;
  persons: (data: any) => string[];
  listFields: string[];
  /** the fields the department adds to Person, read through _entities */
  entities: string;
  entityFields: string[];
  /** the same list selecting only the records' ids (`person { id }` would say whose records they are: a read) */
  idsOnly: string;
  /** an identity refused the entity read (another department's officer), if the department's records are sensitive */
  refusedAs?: TokenAs;
  refusedCoordinate?: string;
}

const edgesOf = (conn: any): any[] => conn.edges.map((e: any) => e.node);
const ids = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
const EDUCATION_OFFICER: TokenAs = { role: 'department_officer', department: 'EDUCATION', subject: 'cov-refused' };

const COVERAGE: Coverage[] = [
  {
    def: civilAffairs,
    log: 'civilAffairsAuditLog',
    list: '{ people(first: 30) { edges { node { id name coveredGroups household { address perCapitaMonthlyIncome } enrolments { amount programme } } } } }',
    persons: (d) => edgesOf(d.people).map((p) => p.id),
    listFields: ['Person.name', 'Person.coveredGroups', 'Person.household', 'Person.enrolments', 'Household.address', 'Household.perCapitaMonthlyIncome'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber birthDate } } }',
    entityFields: ['Person.idNumber', 'Person.birthDate'],
    idsOnly: '{ people(first: 30) { totalCount edges { cursor node { id } } } }',
    refusedAs: EDUCATION_OFFICER,
    refusedCoordinate: undefined, // education officers may read these identifiers; phone is tested in civil affairs' own audit test
  },
  {
    def: education,
    log: 'educationAuditLog',
    list: '{ educationAids(first: 30) { edges { node { amount aidType school person { id } } } } }',
    persons: (d) => edgesOf(d.educationAids).map((a) => a.person?.id),
    listFields: ['EducationAid.amount', 'EducationAid.aidType', 'EducationAid.school', 'EducationAid.person'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { educationAids { amount academicYear } } } }',
    entityFields: ['Person.educationAids', 'EducationAid.amount', 'EducationAid.academicYear'],
    idsOnly: '{ educationAids(first: 30) { totalCount edges { node { id } } } }',
  },
  {
    def: medical,
    log: 'medicalAuditLog',
    list: '{ medicalClaims(first: 30) { edges { node { diagnosis hospital totalCost person { id } } } } }',
    persons: (d) => edgesOf(d.medicalClaims).map((c) => c.person?.id),
    listFields: ['MedicalClaim.diagnosis', 'MedicalClaim.hospital', 'MedicalClaim.totalCost', 'MedicalClaim.person'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { medicalClaims { diagnosis } medicalAssistance(year: 2025) { totalCost yearToDate } } } }',
    entityFields: ['Person.medicalClaims', 'Person.medicalAssistance', 'MedicalClaim.diagnosis', 'MedicalAssistanceSummary.totalCost', 'MedicalAssistanceSummary.yearToDate'],
    idsOnly: '{ medicalClaims(first: 30) { totalCount edges { node { id } } } }',
    refusedAs: EDUCATION_OFFICER,
    refusedCoordinate: 'Person.medicalClaims',
  },
  {
    def: housing,
    log: 'housingAuditLog',
    list: '{ rentSubsidies(first: 30) { edges { node { monthlyAmount startMonth applicant { id } household { id } } } } }',
    persons: (d) => edgesOf(d.rentSubsidies).map((s) => s.applicant?.id),
    listFields: ['RentSubsidy.monthlyAmount', 'RentSubsidy.startMonth', 'RentSubsidy.applicant', 'RentSubsidy.household'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { housingAssistance { rentSubsidies { monthlyAmount } } } } }',
    entityFields: ['Person.housingAssistance', 'HousingAssistance.rentSubsidies', 'RentSubsidy.monthlyAmount'],
    idsOnly: '{ rentSubsidies(first: 30) { totalCount edges { node { id } } } }',
  },
  {
    def: disability,
    log: 'disabilityAuditLog',
    list: '{ rehabilitationServices(first: 30) { edges { node { programme provider amount person { id } } } } }',
    persons: (d) => edgesOf(d.rehabilitationServices).map((s) => s.person?.id),
    listFields: ['RehabilitationService.programme', 'RehabilitationService.provider', 'RehabilitationService.amount', 'RehabilitationService.person'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { disabilityCertificates { category grade } disabilitySubsidies { monthlyAmount } } } }',
    entityFields: ['Person.disabilityCertificates', 'Person.disabilitySubsidies', 'DisabilityCertificate.category', 'DisabilityCertificate.grade'],
    idsOnly: '{ rehabilitationServices(first: 30) { totalCount edges { node { id } } } }',
    refusedAs: EDUCATION_OFFICER,
    refusedCoordinate: 'Person.disabilityCertificates',
  },
  {
    def: charity,
    log: 'charityAuditLog',
    list: '{ charityGrants(first: 30) { edges { node { amount grantedOn reason person { id } household { id } } } } }',
    persons: (d) => edgesOf(d.charityGrants).map((g) => g.person?.id),
    listFields: ['CharityGrant.amount', 'CharityGrant.grantedOn', 'CharityGrant.reason'],
    entities: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { charityGrants { amount } } } }',
    entityFields: ['Person.charityGrants'],
    idsOnly: '{ charityGrants(first: 30) { totalCount edges { node { id } } } }',
    refusedAs: EDUCATION_OFFICER,
    refusedCoordinate: 'Person.charityGrants',
  },
];

const SEED = 'audit-coverage';

describe.each(testDatabaseKinds())('audit coverage of every subgraph on %s', (kind) => {
  describe.each(COVERAGE.map((c) => [c.def.name, c] as const))('%s', (_name, c) => {
    let h: SubgraphHarness;
    let civil: SubgraphHarness | undefined;
    beforeAll(async () => {
      h = await startSubgraphHarness(c.def, kind, { seedSize: 400, seed: SEED });
    });
    afterAll(async () => {
      await h?.close();
      await civil?.close();
    });
    const entriesOf = async (subject: string) =>
      (await h.request(`query($s: String) { ${c.log}(first: 500, filter: { subject: $s }) { edges { node { kind operation personIds detail } } } }`, { s: subject })).data[c.log].edges.map((e: any) => e.node);

    it('logs a list read once, naming every person whose records came back and the coordinates read', async () => {
      const r = await h.request(`query ListRead ${c.list}`, undefined, { role: 'auditor', subject: 'cov-list' });
      expect(r.errors).toBeUndefined();
      const persons = ids(c.persons(r.data));
      expect(persons.length).toBeGreaterThan(0);
      const entries = await entriesOf('cov-list');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ kind: 'read', operation: 'ListRead' });
      // the household grants of charity name a household, not a person: the persons are those with person grants
      expect(ids(entries[0].personIds)).toEqual(persons);
      const detail = JSON.parse(entries[0].detail);
      for (const f of c.listFields) expect(detail.fields).toContain(f);
      // one entry, each person once: no per-record payload
      expect(entries[0].personIds).toHaveLength(persons.length);
    });

    it('logs reads through _entities of the fields the department adds to Person, and refusals', async () => {
      const list = await h.request(c.list, undefined, { role: 'auditor', subject: 'cov-source' });
      const persons = ids(c.persons(list.data)).slice(0, 8);
      const reps = persons.map((id) => ({ __typename: 'Person', id, assistanceCategory: 'DIBAO' }));
      const r = await h.request(c.entities, { r: reps }, { role: 'analyst', subject: 'cov-entities' });
      expect(r.errors).toBeUndefined();
      const [entry, ...more] = await entriesOf('cov-entities');
      expect(more).toHaveLength(0);
      expect(entry.kind).toBe('read');
      expect(ids(entry.personIds)).toEqual(persons);
      const fields = JSON.parse(entry.detail).fields;
      for (const f of c.entityFields.filter((f) => f.startsWith('Person.'))) expect(fields).toContain(f);
      if (c.refusedAs && c.refusedCoordinate) {
        const refused = await h.request(c.entities, { r: reps }, c.refusedAs);
        expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const entries = await entriesOf('cov-refused');
        const refusal = entries.find((e: any) => e.kind === 'refusal');
        expect(refusal).toBeDefined();
        const detail = JSON.parse(refusal.detail);
        expect(detail).toEqual(expect.arrayContaining([expect.objectContaining({ coordinate: c.refusedCoordinate, code: 'FORBIDDEN', count: persons.length })]));
        expect(ids(refusal.personIds)).toEqual(persons);
        // what was refused is not logged as read
        expect(entries.filter((e: any) => e.kind === 'read').flatMap((e: any) => JSON.parse(e.detail).fields)).not.toContain(c.refusedCoordinate);
      }
    });

    it('logs nothing for reads of ids only, and a refusal for a forbidden root field', async () => {
      const list = await h.request(c.idsOnly, undefined, { role: 'auditor', subject: 'cov-ids' });
      expect(list.errors).toBeUndefined();
      const some = ids(c.persons((await h.request(c.list, undefined, { role: 'auditor', subject: 'cov-source' })).data)).slice(0, 5);
      const ent = await h.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }', { r: some.map((id) => ({ __typename: 'Person', id })) }, { role: 'auditor', subject: 'cov-ids' });
      expect(ent.errors).toBeUndefined();
      expect(await entriesOf('cov-ids')).toEqual([]);
      const refused = await h.request(`query Peek { ${c.log}(first: 1) { totalCount } }`, undefined, { role: 'analyst', subject: 'cov-peek' });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const [entry, ...more] = await entriesOf('cov-peek');
      expect(more).toHaveLength(0);
      expect(entry).toMatchObject({ kind: 'refusal', operation: 'Peek', personIds: [] });
      expect(JSON.parse(entry.detail)).toEqual([{ coordinate: `Query.${c.log}`, path: c.log, code: 'FORBIDDEN', reason: 'only auditors may read the audit log', count: 1 }]);
    });
  });
});
