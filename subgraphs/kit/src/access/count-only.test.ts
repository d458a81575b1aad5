import { parse, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { assertCountOnlyFilter, assertCountOnlyList, selectedFieldNames, withheldAt } from './count-only';
import { COORDINATES, DATA_CLASSES, outcomeFor, quasiIdentifierCoordinates, analystQuasiIdentifiers } from './classification';
import type { Identity } from './identity';

/** The resolve info of the first root field of `query` (field nodes and fragments): what the resolver gets. */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

const analyst: Identity = { subject: 'a', role: 'analyst' };
const others: Identity[] = [
  { subject: 'u', role: 'auditor' },
  { subject: 'c', role: 'caseworker', township: '370281001' },
  { subject: 'o', role: 'department_officer', department: 'CIVIL_AFFAIRS' },
  { subject: 'e', role: 'department_officer', department: 'EDUCATION' },
];

/** Each query selects rows of list `c` (`name`): FORBIDDEN for an analyst, with the count-only message; allowed to the other roles. */
function expectRowsRefused(c: string, name: string, queries: string[]): void {
  for (const q of queries) {
    let err: any;
    try {
      assertCountOnlyList(analyst, c, infoOf(q));
    } catch (e) {
      err = e;
    }
    expect({ q, code: err?.extensions?.code }).toEqual({ q, code: 'FORBIDDEN' });
    expect(err.message).toContain(`may count the records of ${name} (select only totalCount) but not list them`);
    for (const o of others) expect(() => assertCountOnlyList(o, c, infoOf(q))).not.toThrow();
  }
}

describe('count-only filters (publicly noticed programme membership, class quasi.programme)', () => {
  it('classes programme membership as a quasi-identifier that analysts get only as a count', () => {
    expect(DATA_CLASSES['quasi.programme'].quasiIdentifier).toBe(true);
    for (const c of ['Person.assistanceCategory', 'Person.coveredGroups', 'Person.enrolments', 'Enrolment.programme', 'Enrolment.status'])
      expect({ c, qi: quasiIdentifierCoordinates().includes(c), visible: analystQuasiIdentifiers().includes(c) }).toEqual({ c, qi: true, visible: false });
    for (const f of ['PersonFilter.programme', 'PersonFilter.coveredGroup']) {
      expect(COORDINATES[f].alsoClass).toBe('quasi.programme');
      expect(outcomeFor(analyst, COORDINATES[f].class, { coordinate: f })).toBe('countOnly');
      for (const o of others) expect(outcomeFor(o, COORDINATES[f].class, { coordinate: f })).not.toBe('countOnly');
    }
    expect(outcomeFor(analyst, 'health.enrolment', { coordinate: 'Person.assistanceCategory' })).toBe('null');
    expect(outcomeFor(analyst, 'health.coveredGroup', { coordinate: 'Person.coveredGroups' })).toBe('omitted');
    expect(outcomeFor(analyst, 'quasi.programme', { coordinate: 'Person.enrolments' })).toBe('omitted');
  });

  it('reads the selection through fragments and inline fragments', () => {
    expect([...selectedFieldNames(infoOf('{ people { totalCount } }'))]).toEqual(['totalCount']);
    expect([...selectedFieldNames(infoOf('{ people { ...F } } fragment F on C { totalCount ... on C { pageInfo { hasNextPage } } }'))].sort()).toEqual(['pageInfo', 'totalCount']);
    expect([...selectedFieldNames(infoOf('{ people { totalCount e: edges @skip(if: true) { cursor } } }'))].sort()).toEqual(['edges', 'totalCount']);
  });

  it('lets analysts count and refuses them rows or cursors, whatever the data; others are not limited', () => {
    const count = infoOf('{ people(filter: { programme: TEKUN }) { totalCount __typename } }');
    expect(() => assertCountOnlyFilter(analyst, 'PersonFilter.programme', count)).not.toThrow();
    for (const q of [
      '{ people { totalCount edges { node { id } } } }',
      '{ people { pageInfo { endCursor } } }',
      '{ people { ...F } } fragment F on PersonConnection { edges { cursor } }',
    ]) {
      let err: any;
      try {
        assertCountOnlyFilter(analyst, 'PersonFilter.programme', infoOf(q));
      } catch (e) {
        err = e;
      }
      expect({ q, code: err?.extensions?.code }).toEqual({ q, code: 'FORBIDDEN' });
      expect(err.message).toMatch(/may count the people of a filter by programme \(select only totalCount\) but not list them/);
      for (const o of others) expect(() => assertCountOnlyFilter(o, 'PersonFilter.programme', infoOf(q))).not.toThrow();
    }
    // a coordinate that is not count-only for the role is not limited
    expect(() => assertCountOnlyFilter(analyst, 'PersonFilter.townshipCode', infoOf('{ people { edges { cursor } } }'))).not.toThrow();
  });
});

describe('count-only lists (education aid and housing assistance: recipients noticed at school or in the village)', () => {
  const LISTS = ['Query.educationAids', 'Query.rentSubsidies', 'Query.publicRentalAllocations', 'Query.dilapidatedHouseRenovations'];
  const FIELDS = ['Person.educationAids', 'Person.housingAssistance', 'Household.housingAssistance'];

  it('classes the lists and the per-person fields under quasi.programme', () => {
    for (const c of [...LISTS, ...FIELDS]) {
      expect({ c, cls: COORDINATES[c]?.class }).toEqual({ c, cls: 'quasi.programme' });
      expect({ c, visible: analystQuasiIdentifiers().includes(c) }).toEqual({ c, visible: false });
    }
    for (const c of LISTS) expect({ c, o: outcomeFor(analyst, 'quasi.programme', { coordinate: c }) }).toEqual({ c, o: 'countOnly' });
    expect(outcomeFor(analyst, 'quasi.programme', { coordinate: 'Person.educationAids' })).toBe('omitted');
    expect(outcomeFor(analyst, 'quasi.programme', { coordinate: 'Person.housingAssistance' })).toBe('null');
    expect(outcomeFor(analyst, 'quasi.programme', { coordinate: 'Household.housingAssistance' })).toBe('null');
    // out of scope, a caseworker's lists and fields leave the other townships' records out, as before (not FORBIDDEN)
    for (const c of [...LISTS, ...FIELDS]) expect({ c, o: COORDINATES[c].outcomes?.caseworkerOutOfScope }).toEqual({ c, o: 'omitted' });
  });

  it('withholds the per-person fields from analysts only', () => {
    for (const c of FIELDS) {
      expect({ c, withheld: withheldAt(analyst, c) }).toEqual({ c, withheld: true });
      for (const o of others) expect({ c, role: o.role, withheld: withheldAt(o, c) }).toEqual({ c, role: o.role, withheld: false });
    }
    expect(withheldAt(analyst, 'Person.gender')).toBe(false);
    expect(withheldAt(analyst, 'No.suchCoordinate')).toBe(false);
  });

  it('lets analysts count a list (any filter) and refuses them its rows or cursors; others are not limited', () => {
    for (const c of LISTS) {
      const name = c.split('.')[1];
      expect(() => assertCountOnlyList(analyst, c, infoOf(`{ ${name}(filter: { townshipCode: "370281001" }) { totalCount __typename } }`))).not.toThrow();
      expectRowsRefused(c, name, [`{ ${name} { totalCount edges { node { id } } } }`, `{ ${name} { pageInfo { endCursor } } }`, `{ ${name} { ...F } } fragment F on X { edges { cursor } }`]);
    }
    // a list that is not count-only is not limited here (the audit log is refused to analysts elsewhere, as a whole)
    expect(() => assertCountOnlyList(analyst, 'Query.civilAffairsAuditLog', infoOf('{ civilAffairsAuditLog { edges { cursor } } }'))).not.toThrow();
  });
});

describe('count-only health lists (medical claims, disability records: a row links a diagnosis or a disability to a recipient)', () => {
  const LISTS = ['Query.medicalClaims', 'Query.disabilityCertificates', 'Query.disabilitySubsidies', 'Query.rehabilitationServices'];
  const FIELDS = ['Person.medicalClaims', 'Person.medicalAssistance', 'Person.disabilityCertificates', 'Person.disabilitySubsidies', 'Person.rehabilitationServices'];

  it('answers analysts only a count of each list, and nothing per person', () => {
    for (const c of LISTS) {
      const name = c.split('.')[1];
      expect({ c, o: outcomeFor(analyst, COORDINATES[c].class, { coordinate: c }) }).toEqual({ c, o: 'countOnly' });
      expect(() => assertCountOnlyList(analyst, c, infoOf(`{ ${name}(filter: { townshipCode: "370281001" }) { totalCount } }`))).not.toThrow();
      expectRowsRefused(c, name, [`{ ${name} { totalCount edges { node { id } } } }`, `{ ${name} { pageInfo { endCursor } } }`, `{ ${name} { ... on X { edges { cursor } } } }`]);
    }
    for (const c of FIELDS) {
      expect({ c, withheld: withheldAt(analyst, c) }).toEqual({ c, withheld: true });
      for (const o of others) expect({ c, role: o.role, withheld: withheldAt(o, c) }).toEqual({ c, role: o.role, withheld: false });
    }
  });

  it('leaves analysts no root list with rows and no per-person or per-household list (the whole kind, from the table)', () => {
    const lists = Object.entries(COORDINATES).filter(([k, c]) => k.startsWith('Query.') && c.kind === 'list' && c.class !== 'auditLog');
    expect(lists.length).toBeGreaterThanOrEqual(9);
    for (const [k, c] of lists) expect({ k, o: outcomeFor(analyst, c.class, { coordinate: k }) }).toEqual({ k, o: 'countOnly' });
    const perPerson = Object.entries(COORDINATES).filter(([k, c]) => /^(Person|Household)\./.test(k) && c.kind === 'list');
    expect(perPerson.length).toBeGreaterThanOrEqual(10);
    for (const [k] of perPerson) expect({ k, withheld: withheldAt(analyst, k) }).toEqual({ k, withheld: true });
  });
});
