import { DEPARTMENTS as ALL_DEPARTMENTS, HEALTH_COVERED_GROUPS, TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { testDatabaseKinds, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { listedSubgraphs } from '../support/departments';
import { completeRecords, officer, seededPupil, type Showcase } from '../support/showcase';

/**
 * The access matrix of the README, through the gateway, across every subgraph: for every role and scope, a set of
 * reads and writes with the expected outcome — the value, its masked form, null, FORBIDDEN or UNAUTHENTICATED.
 */
type Outcome = { value: unknown } | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'ALLOWED';

/** The codes of the departments that run a subgraph of schema/subgraphs.json (an officer of each reads and writes below). */
const DEPARTMENTS = listedSubgraphs().map((s) => s.department);

describe.each(testDatabaseKinds())('the access matrix on %s', (kind) => {
  let stack: Stack;
  let person: Showcase;
  let full: any;
  const identities: Record<string, TokenAs | null> = {};

  beforeAll(async () => {
    stack = await startStack(kind, { seed: 'e2e-matrix', seedSize: 1500 });
    person = await seededPupil(stack);
    await completeRecords(stack, person);
    const r = await stack.query(READ, { id: person.id });
    expect(r.errors).toBeUndefined();
    full = r.data.person;
    const elsewhere = TOWNSHIPS.find((t) => t.code !== person.townshipCode)!.code;
    Object.assign(identities, {
      'no token': null,
      analyst: { role: 'analyst' },
      auditor: { role: 'auditor' },
      'caseworker (own township)': { role: 'caseworker', township: person.townshipCode },
      'caseworker (other township)': { role: 'caseworker', township: elsewhere },
      ...Object.fromEntries(DEPARTMENTS.map((d) => [`officer ${d}`, officer(d)])),
    });
  });
  afterAll(() => stack?.close());

  it('has an officer of the department of every subgraph schema/subgraphs.json lists', () => {
    expect(DEPARTMENTS.every((code) => ALL_DEPARTMENTS.some((d) => d.code === code))).toBe(true);
    expect(DEPARTMENTS).toHaveLength(listedSubgraphs().length);
  });

  const READ = `query($id: ID!) { person(id: $id) {
    name idNumber birthDate ageBand assistanceCategory coveredGroups
    household { address perCapitaMonthlyIncome }
    enrolments { programme amount }
    educationAids { amount }
    medicalClaims { diagnosis }
    disabilityCertificates { number }
    charityGrants { reason }
    household { housingAssistance { currentRentSubsidy { monthlyAmount } } }
    housingAssistance { rentSubsidies { monthlyAmount } }
  } }`;

  /** field -> how to read it from `person`, and who sees what */
  const reads: { field: string; pick: (p: any) => unknown; expect: (who: string) => Outcome }[] = [
    // analysts get no identifier at all, not even a masked one (a masked name or ID number still singles people out)
    { field: 'name', pick: (p) => p.name, expect: (w) => (w === 'analyst' ? { value: null } : { value: full.name }) },
    { field: 'idNumber', pick: (p) => p.idNumber, expect: (w) => (w === 'analyst' ? { value: null } : { value: full.idNumber }) },
    { field: 'birthDate', pick: (p) => p.birthDate, expect: (w) => (w === 'analyst' ? { value: null } : { value: full.birthDate }) },
    { field: 'ageBand', pick: (p) => p.ageBand, expect: () => ({ value: full.ageBand }) },
    {
      // an enrolment's amount is income (a dibao amount is the standard minus the per-capita income)
      field: 'enrolments.amount',
      pick: (p) => p.enrolments.map((e: any) => e.amount),
      expect: (w) =>
        // analysts get no enrolments at all (programme membership is published, 公示: a quasi-identifier)
        w === 'analyst'
          ? { value: [] }
          : w.startsWith('officer') && w !== 'officer CIVIL_AFFAIRS' && full.enrolments.length
            ? 'FORBIDDEN'
            : { value: full.enrolments.map((e: any) => e.amount) },
    },
    // programme membership (class quasi.programme): analysts get none per row; the others as before (officers of other
    // departments without temporary aid and health covered groups)
    { field: 'assistanceCategory', pick: (p) => p.assistanceCategory, expect: (w) => ({ value: w === 'analyst' ? null : full.assistanceCategory }) },
    {
      field: 'enrolments.programme',
      pick: (p) => p.enrolments.map((e: any) => e.programme),
      expect: (w) =>
        w === 'analyst'
          ? { value: [] }
          : w.startsWith('officer') && !['officer CIVIL_AFFAIRS', 'officer MEDICAL_SECURITY'].includes(w)
            ? { value: full.enrolments.map((e: any) => e.programme).filter((x: string) => x !== 'TEMPORARY') }
            : { value: full.enrolments.map((e: any) => e.programme) },
    },
    {
      field: 'coveredGroups',
      pick: (p) => p.coveredGroups,
      expect: (w) =>
        w === 'analyst'
          ? { value: [] }
          : w.startsWith('officer') && w !== 'officer CIVIL_AFFAIRS'
            ? { value: full.coveredGroups.filter((g: string) => !HEALTH_COVERED_GROUPS.includes(g)) }
            : { value: full.coveredGroups },
    },
    {
      field: 'household.address',
      // analysts get no household at all (it links its members: their combination singles a household out)
      pick: (p) => p.household?.address ?? null,
      expect: (w) => (w === 'analyst' ? { value: null } : w.startsWith('officer') ? 'FORBIDDEN' : { value: full.household.address }),
    },
    {
      field: 'household.perCapitaMonthlyIncome',
      pick: (p) => p.household?.perCapitaMonthlyIncome ?? null,
      expect: (w) =>
        w === 'analyst' ? { value: null } : w.startsWith('officer') && w !== 'officer CIVIL_AFFAIRS' ? 'FORBIDDEN' : { value: full.household.perCapitaMonthlyIncome },
    },
    // education aid and housing assistance are published too (公示 at school, in the village): analysts get none per row
    {
      field: 'educationAids.amount',
      pick: (p) => p.educationAids.map((a: any) => a.amount),
      expect: (w) => ({ value: w === 'analyst' ? [] : full.educationAids.map((a: any) => a.amount) }),
    },
    {
      field: 'housingAssistance.rentSubsidies',
      pick: (p) => p.housingAssistance?.rentSubsidies.map((x: any) => x.monthlyAmount) ?? null,
      expect: (w) => ({ value: w === 'analyst' ? null : full.housingAssistance.rentSubsidies.map((x: any) => x.monthlyAmount) }),
    },
    // medical and disability records: analysts get none per row (every claimant is a recipient, and gender, age band
    // and township single most of them out: a row would link a diagnosis or a disability to a person)
    {
      field: 'medicalClaims.diagnosis',
      pick: (p) => (p.medicalClaims.length ? p.medicalClaims[0].diagnosis : 'no claims'),
      expect: (w) =>
        w === 'analyst'
          ? { value: 'no claims' }
          : w.startsWith('officer') && w !== 'officer MEDICAL_SECURITY'
            ? 'FORBIDDEN'
            : { value: full.medicalClaims[0].diagnosis },
    },
    {
      field: 'disabilityCertificates.number',
      pick: (p) => (p.disabilityCertificates.length ? p.disabilityCertificates[0].number : 'no certificates'),
      expect: (w) =>
        w === 'analyst'
          ? { value: 'no certificates' }
          : w.startsWith('officer') && w !== 'officer DISABLED_PERSONS_FEDERATION'
            ? 'FORBIDDEN'
            : { value: full.disabilityCertificates[0].number },
    },
    {
      field: 'charityGrants.reason',
      pick: (p) => p.charityGrants[0]?.reason ?? null,
      // analysts get no grants (health.charity: a grant's project and amount give the category and the age)
      expect: (w) =>
        w === 'analyst'
          ? { value: null }
          : w.startsWith('officer') && w !== 'officer CHARITY_FEDERATION' && full.charityGrants.length
            ? 'FORBIDDEN'
            : { value: full.charityGrants[0]?.reason ?? null },
    },
  ];

  it('answers every read for every role and scope as the matrix says', async () => {
    const table: string[] = [];
    const mismatches: string[] = [];
    for (const [who, as] of Object.entries(identities)) {
      const r = await stack.query(READ, { id: person.id }, as);
      if (who === 'caseworker (other township)') expect({ who, errors: r.errors, person: r.data?.person }).toEqual({ who, errors: undefined, person: null });
      for (const read of reads) {
        let expected = read.expect(who);
        if (who === 'no token') expected = 'UNAUTHENTICATED';
        // another township's person answers as no one: person(id) is null, as for an unknown id (no FORBIDDEN that
        // would tell the id is registered elsewhere)
        if (who === 'caseworker (other township)') expected = { value: undefined };
        let actual: Outcome;
        const paths = (r.errors ?? []).map((e) => (e.path ?? []).filter((x) => typeof x === 'string').join('.'));
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        if (codes.includes('UNAUTHENTICATED')) actual = 'UNAUTHENTICATED';
        else if (!r.data?.person) actual = codes.includes('FORBIDDEN') ? 'FORBIDDEN' : { value: undefined };
        else {
          // FORBIDDEN on the field itself, or on a field above it (a department's sensitive Person field as a whole)
          const forbiddenHere = (r.errors ?? []).some(
            (e, i) => codes[i] === 'FORBIDDEN' && (paths[i] === `person.${read.field}` || `person.${read.field}`.startsWith(`${paths[i]}.`)),
          );
          actual = forbiddenHere ? 'FORBIDDEN' : { value: read.pick(r.data.person) };
        }
        table.push(`${who.padEnd(40)} ${read.field.padEnd(34)} ${typeof actual === 'string' ? actual : JSON.stringify(actual.value)}`);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${who} / ${read.field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(table.length).toBe(Object.keys(identities).length * reads.length);
  });

  it('answers analysts a null count of the people of a programme (counts come from the statistics), and no rows', async () => {
    for (const filter of ['programme: DIBAO', 'programme: TEKUN', `programme: MARGINAL, townshipCode: "${person.townshipCode}"`, 'coveredGroup: DIBAO_RECIPIENT']) {
      const count = `{ people(filter: { ${filter} }) { totalCount } }`;
      const a = await stack.query(count, undefined, { role: 'analyst' });
      const u = await stack.query(count, undefined, { role: 'auditor' });
      expect({ filter, errors: a.errors }).toEqual({ filter, errors: undefined });
      expect({ filter, auditor: u.data.people.totalCount > 0, n: a.data.people.totalCount }).toEqual({ filter, auditor: true, n: null });
      const rows = await stack.query(`{ people(first: 5, filter: { ${filter} }) { totalCount edges { node { id gender ageBand } } } }`, undefined, { role: 'analyst' });
      expect({ filter, code: rows.errors?.[0]?.extensions?.code, data: rows.data?.people ?? null }).toEqual({ filter, code: 'FORBIDDEN', data: null });
      expect(rows.errors![0].message).toMatch(/count/);
      const listed = await stack.query(`{ people(first: 5, filter: { ${filter} }) { edges { node { id } } } }`, undefined, { role: 'auditor' });
      expect(listed.errors).toBeUndefined();
    }
  });

  it('answers analysts a null count of education aid, housing, medical and disability records, and no rows', async () => {
    for (const [list, filter] of [
      ['medicalClaims', 'careType: INPATIENT'],
      ['medicalClaims', `townshipCode: "${person.townshipCode}", status: RECORDED`],
      ['disabilityCertificates', 'severe: true'],
      ['disabilitySubsidies', 'kind: LIVING'],
      ['rehabilitationServices', `townshipCode: "${person.townshipCode}"`],
      ['educationAids', 'schoolStage: PRIMARY'],
      ['educationAids', `townshipCode: "${person.townshipCode}"`],
      ['rentSubsidies', 'status: ACTIVE'],
      ['publicRentalAllocations', `townshipCode: "${person.townshipCode}"`],
      ['dilapidatedHouseRenovations', 'year: 2024'],
    ]) {
      const count = `{ ${list}(filter: { ${filter} }) { totalCount } }`;
      const a = await stack.query(count, undefined, { role: 'analyst' });
      const u = await stack.query(count, undefined, { role: 'auditor' });
      expect({ list, filter, errors: a.errors }).toEqual({ list, filter, errors: undefined });
      expect({ list, filter, auditor: typeof u.data[list].totalCount, n: a.data[list].totalCount }).toEqual({ list, filter, auditor: 'number', n: null });
      const rows = await stack.query(`{ ${list}(first: 5, filter: { ${filter} }) { totalCount edges { node { id township { name } } } } }`, undefined, { role: 'analyst' });
      expect({ list, filter, code: rows.errors?.[0]?.extensions?.code, data: rows.data?.[list] ?? null }).toEqual({ list, filter, code: 'FORBIDDEN', data: null });
      expect(rows.errors![0].message).toContain(`may count the records of ${list}`);
      const listed = await stack.query(`{ ${list}(first: 5, filter: { ${filter} }) { edges { node { id } } } }`, undefined, { role: 'auditor' });
      expect(listed.errors).toBeUndefined();
    }
    expect((await stack.query(`{ medicalClaims(filter: { careType: INPATIENT }) { totalCount } }`, undefined, { role: 'auditor' })).data.medicalClaims.totalCount).toBeGreaterThan(0);
    // the review's queries: diagnoses by cost and living subsidies, each with the person's quasi-identifiers
    for (const [list, q] of [
      ['medicalClaims', `{ medicalClaims(first: 100, orderBy: { field: TOTAL_COST, direction: DESC }) { edges { node { diagnosis totalCost person { id gender ageBand township { code } } } } } }`],
      ['disabilitySubsidies', `{ disabilitySubsidies(filter: { kind: LIVING }) { edges { node { monthlyAmount person { id gender ageBand township { code } } } } } }`],
    ]) {
      const r = await stack.query(q, undefined, { role: 'analyst' });
      expect({ list, code: r.errors?.[0]?.extensions?.code, data: r.data?.[list] ?? null }).toEqual({ list, code: 'FORBIDDEN', data: null });
      expect(r.errors![0].message).toContain(`may count the records of ${list}`);
    }
  });

  it('lets only auditors read each subgraph\'s audit log', async () => {
    // one audit log per subgraph of schema/subgraphs.json: civil-affairs -> civilAffairsAuditLog
    const logs = listedSubgraphs().map((s) => `${s.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}AuditLog`);
    expect(logs).toContain('civilAffairsAuditLog');
    for (const [who, as] of Object.entries(identities)) {
      for (const log of logs) {
        const r = await stack.query(`{ ${log}(first: 1) { totalCount } }`, undefined, as);
        const code = r.errors?.[0]?.extensions?.code;
        if (who === 'auditor') {
          expect({ who, log, errors: r.errors }).toEqual({ who, log, errors: undefined });
          expect(r.data[log].totalCount).toBeGreaterThanOrEqual(0);
        } else expect({ who, log, code }).toEqual({ who, log, code: who === 'no token' ? 'UNAUTHENTICATED' : 'FORBIDDEN' });
      }
    }
    const civil = await stack.query(`{ civilAffairsAuditLog(first: 500) { totalCount edges { node { kind role personIds } } } }`);
    expect(civil.data.civilAffairsAuditLog.edges.some((e: any) => e.node.kind === 'read' && e.node.role === 'analyst' && e.node.personIds.includes(person.id))).toBe(true);
  });

  it('lets each department write only its own records; analysts and auditors write nothing', async () => {
    let n = 0;
    const writes: { department: string; run: (as: TokenAs | null) => Promise<any>; allowed: (who: string) => boolean }[] = [
      {
        department: 'CIVIL_AFFAIRS',
        run: (as) => stack.query(`mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`, { i: { personId: person.id, programme: 'TEMPORARY', startDate: '2026-02-01', amount: '300' } }, as),
        allowed: (w) => w === 'officer CIVIL_AFFAIRS' || w === 'caseworker (own township)',
      },
      {
        department: 'EDUCATION',
        run: (as) => stack.query(`mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id } }`, { i: { personId: person.id, schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'LIVING_SUBSIDY', academicYear: '2020-2021', amount: '1000', approvedOn: '2026-10-01', townshipCode: person.townshipCode } }, as),
        allowed: (w) => w === 'officer EDUCATION',
      },
      {
        department: 'MEDICAL_SECURITY',
        run: (as) => stack.query(`mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`, { i: { personId: person.id, townshipCode: person.townshipCode, hospital: `胶州市中心医院${n}`, diagnosis: '骨折', careType: 'OUTPATIENT', admissionDate: '2025-05-02', dischargeDate: '2025-05-02', totalCost: '800', basicInsurancePaid: '400', criticalIllnessInsurancePaid: '0', eligibleSelfPay: '300' } }, as),
        allowed: (w) => w === 'officer MEDICAL_SECURITY',
      },
      {
        department: 'HOUSING',
        run: (as) => stack.query(`mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`, { i: { householdId: person.householdId, applicantId: person.headId, townshipCode: person.townshipCode, monthlyAmount: '300', startMonth: '2027-01', endMonth: '2027-06' } }, as),
        allowed: (w) => w === 'officer HOUSING',
      },
      {
        department: 'DISABLED_PERSONS_FEDERATION',
        run: (as) => stack.query(`mutation($i: RecordRehabilitationServiceInput!) { recordRehabilitationService(input: $i) { id } }`, { i: REHAB(person) }, as),
        allowed: (w) => w === 'officer DISABLED_PERSONS_FEDERATION',
      },
      {
        department: 'CHARITY_FEDERATION',
        run: (as) => stack.query(`mutation($i: CreateCharityProjectInput!) { createCharityProject(input: $i) { id } }`, { i: { name: `助学项目${n}`, purpose: '资助困难学生', targetGroups: ['DIBAO_RECIPIENT'], budget: '10000', startDate: '2026-01-01', endDate: '2026-12-31' } }, as),
        allowed: (w) => w === 'officer CHARITY_FEDERATION',
      },
    ];
    const mismatches: string[] = [];
    for (const [who, as] of Object.entries(identities)) {
      for (const w of writes) {
        n++;
        const r = await w.run(as);
        const code = r.errors?.[0]?.extensions?.code;
        const actual = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'ALLOWED';
        const expected = who === 'no token' ? 'UNAUTHENTICATED' : w.allowed(who) ? 'ALLOWED' : 'FORBIDDEN';
        if (actual !== expected) mismatches.push(`${who} writing ${w.department}: expected ${expected}, got ${actual} ${JSON.stringify(r.errors ?? [])}`);
        // allowed: access control let it through; the department's own rules may still refuse it (e.g. CONFLICT)
        if (actual === 'ALLOWED' && code) expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(code);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

const REHAB = (p: Showcase) => ({
  personId: p.id, townshipCode: p.townshipCode, programme: 'CHILD_REHABILITATION', kind: 'REHABILITATION_TRAINING', provider: '胶州市残疾人康复中心',
  startDate: '2026-03-01', endDate: '2026-08-31', amount: '2000',
});
