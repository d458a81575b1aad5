import fs from 'node:fs';
import path from 'node:path';
import { disability } from '../src/subgraph';
import { ageOn } from '@aidgraph/subgraph-kit';
import { REFERENCE_DATE, generatePopulation, type PersonRecord } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'disability-test';
const SIZE = 4000;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const persons = households.flatMap((h) => h.members);
const byId = new Map(persons.map((p) => [p.id, p]));
const householdOf = new Map(households.flatMap((h) => h.members.map((m) => [m.id, h] as const)));
const CATEGORY_CODES = ['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'];
/** the bundled rate table, read as data (independently of the code that reads it) */
const RATES = JSON.parse(fs.readFileSync(path.join(__dirname, '../src/modules/disability-subsidy/disability-subsidy-rates.json'), 'utf8')).rates as {
  effectiveFrom: string; living: Record<string, string>; nursing: Record<string, string>;
}[];
const rateOn = (kind: 'LIVING' | 'NURSING', grade: number, date: string) =>
  RATES.filter((r) => r.effectiveFrom <= date).pop()![kind === 'LIVING' ? 'living' : 'nursing'][String(grade)];
const today = new Date().toISOString().slice(0, 10);

const OFFICER = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const OTHER_OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const ANALYST = { role: 'analyst' as const };

interface CertRow { id: string; personId: string; number: string; category: string; grade: number; issuedOn: string; status: string; revocationReason: string | null; townshipCode: string }
interface SubsidyRow { id: string; personId: string; kind: string; difficulty: string | null; monthlyAmount: string | number; startDate: string; endDate: string | null; status: string; endReason: string | null }
interface ServiceRow { personId: string; programme: string; kind: string; startDate: string; status: string }

/** dates come back as strings from both drivers (TypeORM's `date` columns) */
const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

describe.each(testDatabaseKinds())('disability subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let certs: CertRow[];
  let subsidies: SubsidyRow[];
  let services: ServiceRow[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
    certs = (await h.db.query('SELECT * FROM disability_certificate')).map((c: CertRow) => ({ ...c, grade: Number(c.grade), issuedOn: iso(c.issuedOn) }));
    subsidies = (await h.db.query('SELECT * FROM disability_subsidy')).map((s: SubsidyRow) => ({ ...s, startDate: iso(s.startDate), endDate: s.endDate && iso(s.endDate) }));
    services = (await h.db.query('SELECT "personId", programme, kind, "startDate", status FROM rehabilitation_service')).map((s: ServiceRow) => ({ ...s, startDate: iso(s.startDate) }));
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('gives every person with a latent disability a certificate: their ID number + the category and grade digits', () => {
    const disabled = persons.filter((p) => p.disability);
    expect(disabled.length).toBeGreaterThan(100);
    expect(new Set(certs.map((c) => c.personId))).toEqual(new Set(disabled.map((p) => p.id)));
    for (const c of certs) {
      const p = byId.get(c.personId)!;
      expect(c.number.slice(0, 18)).toBe(p.idNumber);
      expect(c.number.slice(18, 20)).toBe(`${p.disability!.category}${p.disability!.grade}`);
      expect(c.number).toMatch(/^\d{17}[\dX]\d\d(B[1-9])?$/);
      expect(c.category).toBe(CATEGORY_CODES[p.disability!.category - 1]);
      expect(c.grade).toBe(p.disability!.grade);
      expect(c.townshipCode).toBe(p.townshipCode);
    }
    // one current certificate each (VALID, or REVOKED on death or moving away); a reissue Bk replaced k earlier ones
    for (const p of disabled) {
      const own = certs.filter((c) => c.personId === p.id);
      const current = own.filter((c) => c.status !== 'REPLACED');
      expect(current).toHaveLength(1);
      const suffix = /B(\d)$/.exec(current[0].number);
      expect(own.length - 1).toBe(suffix ? Number(suffix[1]) : 0);
      expect(current[0].status).toBe(p.statusDate ? 'REVOKED' : 'VALID');
      if (p.statusDate) expect(current[0].revocationReason).toBe(p.status === 'DECEASED' ? 'DECEASED' : 'MOVED_AWAY');
    }
    expect(certs.filter((c) => /B\d$/.test(c.number)).length).toBeGreaterThan(2);
  });

  it('grants the living subsidy to disabled members of dibao, tekun and marginal households, on their difficulty', () => {
    const living = subsidies.filter((s) => s.kind === 'LIVING');
    expect(living.length).toBeGreaterThan(5);
    for (const s of living) {
      const p = byId.get(s.personId)!;
      const basis = ['TEKUN', 'DIBAO', 'MARGINAL'].find((g) => p.enrolments.some((e) => e.programme === g));
      expect(s.difficulty).toBe(basis);
    }
    // every disabled, active member of an assisted household receives it, unless it would start after REFERENCE_DATE
    const firstIssue = (p: PersonRecord) => certs.filter((c) => c.personId === p.id).map((c) => c.issuedOn).sort()[0];
    for (const p of persons.filter((x) => x.disability && x.status === 'ACTIVE' && householdOf.get(x.id)!.category !== 'NONE')) {
      const s = living.find((x) => x.personId === p.id);
      if (s) expect(s.status).toBe('ACTIVE');
      else {
        const from = [firstIssue(p), ...p.enrolments.map((e) => e.startDate), '2016-01-01'].sort().pop()!;
        expect(from.slice(0, 7) >= REFERENCE_DATE.slice(0, 7)).toBe(true);
      }
    }
  });

  it('grants the nursing subsidy to grades 1-2 only, and to every active one', () => {
    const nursing = subsidies.filter((s) => s.kind === 'NURSING');
    expect(nursing.length).toBeGreaterThan(5);
    for (const s of nursing) {
      expect(byId.get(s.personId)!.disability!.grade).toBeLessThanOrEqual(2);
      expect(s.difficulty).toBeNull();
    }
    const severeActive = persons.filter((p) => p.disability && p.disability.grade <= 2 && p.status === 'ACTIVE');
    const missing = severeActive.filter((p) => !nursing.some((s) => s.personId === p.id && s.status === 'ACTIVE'));
    for (const p of missing) expect(certs.filter((c) => c.personId === p.id).map((c) => c.issuedOn).sort()[0].slice(0, 7)).toBe(REFERENCE_DATE.slice(0, 7));
  });

  it('pays the rate of the table in force (today\'s for active grants), and ends grants on death or moving away', () => {
    for (const s of subsidies) {
      const p = byId.get(s.personId)!;
      expect(s.startDate >= '2016-01-01' && s.startDate.endsWith('-01')).toBe(true);
      // stored as integer fen
      const grade = byId.get(s.personId)!.disability!.grade;
      expect((Number(s.monthlyAmount) / 100).toFixed(2)).toBe(rateOn(s.kind as 'LIVING' | 'NURSING', grade, s.endDate ?? REFERENCE_DATE));
      if (s.status === 'ACTIVE') expect(s.endDate).toBeNull();
      else expect(s.endDate! >= s.startDate).toBe(true);
      if (p.statusDate && s.status === 'ENDED' && s.endReason !== 'NO_LONGER_IN_DIFFICULTY') expect(s.endReason).toBe(p.status === 'DECEASED' ? 'DECEASED' : 'MOVED_AWAY');
      if (p.statusDate) expect(s.status).toBe('ENDED');
    }
  });

  it('serves every child of the cleft lip/palate and cerebral palsy group, and keeps the programmes to their ages', () => {
    const group = persons.filter((p) => p.coveredGroups.includes('CLEFT_OR_CEREBRAL_PALSY_CHILD') && !(p.statusDate && p.statusDate < p.birthDate));
    expect(group.length).toBeGreaterThan(0);
    for (const p of group)
      expect(services.some((s) => s.personId === p.id && ['CHILD_CLEFT_LIP_PALATE', 'CHILD_CEREBRAL_PALSY'].includes(s.programme))).toBe(true);
    expect(services.length).toBeGreaterThan(group.length);
    for (const s of services) {
      const age = ageOn(byId.get(s.personId)!.birthDate, s.startDate);
      if (s.programme.startsWith('CHILD_')) expect(age).toBeLessThan(18);
      else expect(age).toBeGreaterThanOrEqual(18);
    }
  });

  it('adds the three lists to Person through _entities, in representation order, empty for a person without records', async () => {
    const withAll = persons.find((p) => subsidies.some((s) => s.personId === p.id) && services.some((s) => s.personId === p.id))!;
    const without = persons.find((p) => !p.disability)!;
    const r = await h.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id
        disabilityCertificates { number category grade severe status } rehabilitationServices { programme amount } disabilitySubsidies { kind monthlyAmount } } } }`,
      { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: withAll.id }] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, disabilityCertificates: [], rehabilitationServices: [], disabilitySubsidies: [] });
    const e = r.data._entities[1];
    expect(e.disabilityCertificates.map((c: { number: string }) => c.number).sort()).toEqual(certs.filter((c) => c.personId === withAll.id).map((c) => c.number).sort());
    expect(e.disabilityCertificates[0]).toMatchObject({ category: CATEGORY_CODES[withAll.disability!.category - 1], grade: `GRADE_${withAll.disability!.grade}`, severe: withAll.disability!.grade <= 2 });
    expect(e.rehabilitationServices).toHaveLength(services.filter((s) => s.personId === withAll.id).length);
    expect(e.disabilitySubsidies).toHaveLength(subsidies.filter((s) => s.personId === withAll.id).length);
    for (const s of e.disabilitySubsidies) expect(s.monthlyAmount).toMatch(/^\d+\.\d{2}$/);
  });

  it('costs one SQL statement per list for 100 people, whatever the number', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id disabilityCertificates { id } rehabilitationServices { id } disabilitySubsidies { id } } } }`;
    const run = async (n: number) => {
      h.statements.reset();
      const r = await h.request(q, { r: persons.slice(0, n).map((p) => ({ __typename: 'Person', id: p.id })) });
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    expect(await run(100)).toBe(3);
    expect(await run(7)).toBe(3);
  });

  it('shows number, category and grade to the federation, only a count to analysts, refuses other departments', async () => {
    const c = certs.find((x) => x.status === 'VALID')!;
    const q = `query($f: DisabilityCertificateFilter) { disabilityCertificates(first: 1, filter: $f) { edges { node { id status number category grade } } } }`;
    const own = await h.request(q, { f: { personId: c.personId, status: 'VALID' } }, OFFICER);
    expect(own.data.disabilityCertificates.edges[0].node).toMatchObject({ number: c.number, category: c.category });
    // analysts may not filter by person (assertFiltersAllowed) and get no rows at all (a certificate with gender, age
    // band and township singles its holder out): a bare count only
    expect((await h.request(q, { f: { personId: c.personId, status: 'VALID' } }, ANALYST)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const all = `query($f: DisabilityCertificateFilter) { disabilityCertificates(first: 500, filter: $f) { edges { node { id status number category grade } } } }`;
    const analyst = await h.request(all, { f: { status: 'VALID' } }, ANALYST);
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(analyst.data?.disabilityCertificates ?? null).toBeNull();
    expect(JSON.stringify(analyst)).not.toContain(c.number.slice(0, 18));
    const count = await h.request(`{ disabilityCertificates(filter: { status: VALID }) { totalCount } }`, undefined, ANALYST);
    expect(count.errors).toBeUndefined();
    // count-only for analysts: null whatever the count (counts come from disabilityStatistics)
    expect(certs.filter((x) => x.status === 'VALID').length).toBeGreaterThan(0);
    expect(count.data.disabilityCertificates.totalCount).toBeNull();
    const other = await h.request(q, { f: { personId: c.personId, status: 'VALID' } }, OTHER_OFFICER);
    expect(other.errors?.length).toBeGreaterThan(0);
    for (const e of other.errors!) expect(e.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(other)).not.toContain(c.number.slice(0, 18));
    // the whole list, not only the sensitive fields: that a person holds a certificate at all reveals a disability
    const status = await h.request(`query($f: DisabilityCertificateFilter) { disabilityCertificates(first: 1, filter: $f) { edges { node { status issuedOn } } } }`, { f: { personId: c.personId, status: 'VALID' } }, OTHER_OFFICER);
    expect(status.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(status.data?.disabilityCertificates ?? null).toBeNull();
    const byCategory = await h.request(`{ disabilityCertificates(filter: { category: MENTAL }) { totalCount } }`, undefined, OTHER_OFFICER);
    expect(byCategory.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists certificates, services and subsidies with filters, totals and stable pages', async () => {
    const r = await h.request(`{
      physical2: disabilityCertificates(filter: { category: PHYSICAL, grade: GRADE_2 }) { totalCount }
      severe: disabilityCertificates(filter: { severe: true, status: VALID }) { totalCount }
      nursing: disabilitySubsidies(filter: { kind: NURSING, status: ACTIVE }) { totalCount edges { node { kind status } } }
      dibaoLiving: disabilitySubsidies(filter: { kind: LIVING, difficulty: DIBAO }) { totalCount }
      palsy: rehabilitationServices(filter: { programme: CHILD_CEREBRAL_PALSY }) { totalCount }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.physical2.totalCount).toBe(certs.filter((c) => c.category === 'PHYSICAL' && c.grade === 2).length);
    expect(r.data.severe.totalCount).toBe(certs.filter((c) => c.grade <= 2 && c.status === 'VALID').length);
    expect(r.data.nursing.totalCount).toBe(subsidies.filter((s) => s.kind === 'NURSING' && s.status === 'ACTIVE').length);
    for (const e of r.data.nursing.edges) expect(e.node).toEqual({ kind: 'NURSING', status: 'ACTIVE' });
    expect(r.data.dibaoLiving.totalCount).toBe(subsidies.filter((s) => s.kind === 'LIVING' && s.difficulty === 'DIBAO').length);
    expect(r.data.palsy.totalCount).toBe(services.filter((s) => s.programme === 'CHILD_CEREBRAL_PALSY').length);

    const page = `query($after: String) { disabilityCertificates(first: 40, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await h.request(page);
    const p2 = await h.request(page, { after: p1.data.disabilityCertificates.pageInfo.endCursor });
    const ids = [...p1.data.disabilityCertificates.edges, ...p2.data.disabilityCertificates.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(certs.map((c) => c.id).sort().slice(0, 80));

    const bad = await h.request(`{ disabilitySubsidies(filter: { townshipCode: "123" }) { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.townshipCode' });
  });

  it('shows a caseworker only the records handled in their township', async () => {
    const t = certs[0].townshipCode;
    const caseworker = { role: 'caseworker' as const, township: t };
    const r = await h.request(`{ disabilityCertificates(first: 500) { totalCount edges { node { township { code } } } } disabilitySubsidies { totalCount } }`, undefined, caseworker);
    expect(r.errors).toBeUndefined();
    expect(r.data.disabilityCertificates.totalCount).toBe(certs.filter((c) => c.townshipCode === t).length);
    for (const e of r.data.disabilityCertificates.edges) expect(e.node.township.code).toBe(t);
    const outside = certs.find((c) => c.townshipCode !== t)!;
    const p = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { disabilityCertificates { id } } } }`, { r: [{ __typename: 'Person', id: outside.personId }] }, caseworker);
    expect(p.data._entities[0].disabilityCertificates).toEqual([]);
  });

  describe('federation officers\' mutations', () => {
    const person = persons.find((p) => !p.disability && p.age >= 30 && p.status === 'ACTIVE')!;
    const child = persons.find((p) => !p.disability && p.age >= 3 && p.age <= 10 && p.status === 'ACTIVE')!;
    const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const issue = `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id number category grade status } }`;
    const grant = `mutation($i: GrantDisabilitySubsidyInput!) { grantDisabilitySubsidy(input: $i) { id kind monthlyAmount status } }`;
    const countOf = async (table: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    const base = () => ({
      personId: person.id, number: `${person.idNumber}43`, category: 'PHYSICAL', grade: 'GRADE_3', issuedOn: '2025-03-01',
      expiresOn: '2035-02-28', townshipCode: person.townshipCode,
    });

    it('refuses other roles and inputs that do not agree with themselves, changing nothing', async () => {
      const before = await countOf('disability_certificate');
      expect((await h.request(issue, { i: base() }, ANALYST)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await h.request(issue, { i: base() }, OTHER_OFFICER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await h.request(issue, { i: base() }, { role: 'caseworker', township: person.townshipCode })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const cases: [Record<string, unknown>, string, string][] = [
        [{ category: 'VISUAL' }, 'input.category', 'CATEGORY_MISMATCH'],
        [{ grade: 'GRADE_1' }, 'input.grade', 'GRADE_MISMATCH'],
        [{ number: `${person.idNumber}83` }, 'input.number', 'CATEGORY_DIGIT'],
        [{ number: `${person.idNumber.slice(0, 17)}${person.idNumber[17] === '1' ? '2' : '1'}43` }, 'input.number', 'ID_NUMBER_CHECK_CHARACTER'],
        [{ holderIdNumber: persons.find((p) => p.id !== person.id)!.idNumber }, 'input.number', 'NOT_THE_HOLDERS_ID_NUMBER'],
        [{ issuedOn: '2035-01-01' }, 'input.issuedOn', 'IN_FUTURE'],
        [{ expiresOn: '2025-03-01' }, 'input.expiresOn', 'NOT_AFTER_ISSUE'],
        [{ townshipCode: '370281999' }, 'input.townshipCode', 'UNKNOWN_TOWNSHIP'],
      ];
      for (const [patch, field, reason] of cases) {
        const r = await h.request(issue, { i: { ...base(), ...patch } }, OFFICER);
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
        expect(r.errors?.[0].message).not.toContain(person.idNumber);
      }
      const taken = certs.find((c) => c.status === 'VALID')!;
      const stolen = await h.request(issue, { i: { ...base(), number: `${taken.number.slice(0, 18)}43` } }, OFFICER);
      expect(stolen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID_NUMBER_OF_ANOTHER_PERSON' });
      expect(await countOf('disability_certificate')).toBe(before);
    });

    it('issues a certificate from typed input, then replaces, corrects and revokes it; subsidies follow the rules', async () => {
      const typed = ` ${fullWidth(person.idNumber.toLowerCase().slice(0, 10))} ${person.idNumber.slice(10).toLowerCase()} ４ ３ `;
      const ok = await h.request(issue, { i: { ...base(), number: typed, holderIdNumber: person.idNumber.toLowerCase() } }, OFFICER);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.issueDisabilityCertificate).toMatchObject({ number: `${person.idNumber}43`, category: 'PHYSICAL', grade: 'GRADE_3', status: 'VALID' });
      const first = ok.data.issueDisabilityCertificate.id;
      // the write is in the audit log, the number (which holds the ID number) only masked
      const audit = await h.request(`query($p: ID) { disabilityAuditLog(filter: { personId: $p, kind: "write" }) { edges { node { subject detail } } } }`, { p: person.id });
      expect(audit.errors).toBeUndefined();
      const details = audit.data.disabilityAuditLog.edges.map((e: { node: { detail: string } }) => e.node.detail).join('\n');
      expect(details).toContain(first);
      expect(details).toContain(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(14)}43`);
      expect(details).not.toContain(person.idNumber);

      const again = await h.request(issue, { i: { ...base(), number: `${person.idNumber}43B1` } }, OFFICER);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_HOLDS_VALID_CERTIFICATE' });

      const grantInput = { personId: person.id, kind: 'NURSING', startDate: '2025-04-01', townshipCode: person.townshipCode };
      const refused = await h.request(grant, { i: grantInput }, OFFICER);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind', reason: 'NURSING_NEEDS_SEVERE_GRADE' });
      const living = await h.request(grant, { i: { ...grantInput, kind: 'LIVING', difficulty: 'DIBAO' } }, OFFICER);
      expect(living.errors).toBeUndefined();
      expect(living.data.grantDisabilitySubsidy).toMatchObject({ kind: 'LIVING', status: 'ACTIVE', monthlyAmount: rateOn('LIVING', 3, today) });
      const dup = await h.request(grant, { i: { ...grantInput, kind: 'LIVING', difficulty: 'MARGINAL' } }, OFFICER);
      expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_GRANTED' });

      // a re-assessment to grade 1: a new certificate replaces the first; the nursing subsidy is then allowed
      const reassessed = await h.request(issue, { i: { ...base(), number: `${person.idNumber}41B1`, grade: 'GRADE_1', issuedOn: '2025-05-10', expiresOn: '2035-05-09', replacesCertificateId: first } }, OFFICER);
      expect(reassessed.errors).toBeUndefined();
      const second = reassessed.data.issueDisabilityCertificate.id;
      const nursing = await h.request(grant, { i: { ...grantInput, startDate: '2025-06-01' } }, OFFICER);
      expect(nursing.errors).toBeUndefined();
      expect(nursing.data.grantDisabilitySubsidy.monthlyAmount).toBe(rateOn('NURSING', 1, today));

      const correct = `mutation($i: CorrectDisabilityCertificateInput!) { correctDisabilityCertificate(input: $i) { number grade } }`;
      const toGrade3 = await h.request(correct, { i: { id: second, number: `${person.idNumber}43B1`, grade: 'GRADE_3' } }, OFFICER);
      expect(toGrade3.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NURSING_SUBSIDY_NEEDS_SEVERE_GRADE' });
      const halfCorrected = await h.request(correct, { i: { id: second, grade: 'GRADE_2' } }, OFFICER);
      expect(halfCorrected.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.grade', reason: 'GRADE_MISMATCH' });
      const fixed = await h.request(correct, { i: { id: second, number: `${person.idNumber}42B1`, grade: 'GRADE_2' } }, OFFICER);
      expect(fixed.data.correctDisabilityCertificate).toEqual({ number: `${person.idNumber}42B1`, grade: 'GRADE_2' });

      const revoke = `mutation($i: RevokeDisabilityCertificateInput!) { revokeDisabilityCertificate(input: $i) { status revokedOn revocationReason } }`;
      const revoked = await h.request(revoke, { i: { id: second, revokedOn: '2025-09-30', reason: 'NO_LONGER_DISABLED' } }, OFFICER);
      expect(revoked.data.revokeDisabilityCertificate).toEqual({ status: 'REVOKED', revokedOn: '2025-09-30', revocationReason: 'NO_LONGER_DISABLED' });
      const after = await h.request(`query($f: DisabilitySubsidyFilter) { disabilitySubsidies(filter: $f) { edges { node { kind status endDate endReason } } } }`, { f: { personId: person.id } }, OFFICER);
      expect(after.data.disabilitySubsidies.edges.map((e: { node: unknown }) => e.node)).toEqual(
        expect.arrayContaining([
          { kind: 'LIVING', status: 'ENDED', endDate: '2025-09-30', endReason: 'CERTIFICATE_REVOKED' },
          { kind: 'NURSING', status: 'ENDED', endDate: '2025-09-30', endReason: 'CERTIFICATE_REVOKED' },
        ]),
      );
      const twice = await h.request(revoke, { i: { id: second, revokedOn: '2025-10-30', reason: 'OTHER' } }, OFFICER);
      expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
      const noCert = await h.request(grant, { i: { ...grantInput, startDate: '2025-11-01' } }, OFFICER);
      expect(noCert.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.personId', reason: 'NO_VALID_CERTIFICATE' });
      const unknown = await h.request(revoke, { i: { id: '00000000-0000-4000-8000-000000000000', revokedOn: '2025-01-01', reason: 'OTHER' } }, OFFICER);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('records rehabilitation within the programme\'s kinds and ages, and ends a subsidy', async () => {
      const record = `mutation($i: RecordRehabilitationServiceInput!) { recordRehabilitationService(input: $i) { id programme kind amount status } }`;
      const input = { personId: child.id, programme: 'CHILD_CLEFT_LIP_PALATE', kind: 'SURGERY', provider: '青岛市妇女儿童医院', startDate: '2025-07-01', endDate: '2025-07-01', amount: '8000', status: 'COMPLETED', townshipCode: child.townshipCode };
      const wrongKind = await h.request(record, { i: { ...input, kind: 'MEDICATION' } }, OFFICER);
      expect(wrongKind.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind', reason: 'KIND_NOT_IN_PROGRAMME' });
      const noEnd = await h.request(record, { i: { ...input, endDate: null } }, OFFICER);
      expect(noEnd.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'REQUIRED_WHEN_COMPLETED' });
      const ok = await h.request(record, { i: input }, OFFICER);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordRehabilitationService).toMatchObject({ programme: 'CHILD_CLEFT_LIP_PALATE', kind: 'SURGERY', amount: '8000.00', status: 'COMPLETED' });
      expect((await h.request(record, { i: input }, OFFICER)).errors?.[0].extensions?.code).toBe('CONFLICT');

      // an adult certificate holder: the children's programmes are refused (birth date from the certificate's ID part)
      const adult = certs.find((c) => c.status === 'VALID' && byId.get(c.personId)!.age >= 30)!;
      const tooOld = await h.request(record, { i: { ...input, personId: adult.personId, programme: 'CHILD_CEREBRAL_PALSY', kind: 'REHABILITATION_TRAINING' } }, OFFICER);
      expect(tooOld.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.programme', reason: 'CHILD_PROGRAMME_AGE' });

      const correct = `mutation($i: CorrectRehabilitationServiceInput!) { correctRehabilitationService(input: $i) { amount provider } }`;
      const fixed = await h.request(correct, { i: { id: ok.data.recordRehabilitationService.id, amount: '7500.5', provider: ' 青岛大学附属医院 ' } }, OFFICER);
      expect(fixed.data.correctRehabilitationService).toEqual({ amount: '7500.50', provider: '青岛大学附属医院' });

      const active = subsidies.find((s) => s.status === 'ACTIVE')!;
      const end = `mutation($i: EndDisabilitySubsidyInput!) { endDisabilitySubsidy(input: $i) { status endDate endReason } }`;
      const early = await h.request(end, { i: { id: active.id, endDate: '2015-12-31', reason: 'OTHER' } }, OFFICER);
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'BEFORE_START' });
      const ended = await h.request(end, { i: { id: active.id, endDate: '2025-12-31', reason: 'NO_LONGER_IN_DIFFICULTY' } }, OFFICER);
      expect(ended.data.endDisabilitySubsidy).toEqual({ status: 'ENDED', endDate: '2025-12-31', endReason: 'NO_LONGER_IN_DIFFICULTY' });
    });
  });

  it('answers the subsidy rates in force on a date from the configured table', async () => {
    const r = await h.request(`{ disabilitySubsidyRates(on: "2023-06-30") { kind grade monthlyAmount effectiveFrom } }`);
    expect(r.errors).toBeUndefined();
    const row = RATES.filter((x) => x.effectiveFrom <= '2023-06-30').pop()!;
    expect(r.data.disabilitySubsidyRates).toEqual([
      ...[1, 2, 3, 4].map((g) => ({ kind: 'LIVING', grade: g, monthlyAmount: row.living[String(g)], effectiveFrom: row.effectiveFrom })),
      ...[1, 2].map((g) => ({ kind: 'NURSING', grade: g, monthlyAmount: row.nursing[String(g)], effectiveFrom: row.effectiveFrom })),
    ]);
  });
});
