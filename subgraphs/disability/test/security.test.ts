import { disability } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
// a count-only count between 1 and 4 is answered null to analysts (suppressed as a statistics cell is, STATISTICS_MIN_CELL)
// a count-only totalCount (the caller sees no rows of the list) is null, whatever the count: counts come from the statistics queries
const suppressedForAnalysts = (_n: number): number | null => null;

const SEED = 'disability-security';
const SIZE = 600;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };
const ISSUE = `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id } }`;
const GRANT = `mutation($i: GrantDisabilitySubsidyInput!) { grantDisabilitySubsidy(input: $i) { id } }`;
const REHAB = `mutation($i: RecordRehabilitationServiceInput!) { recordRehabilitationService(input: $i) { id } }`;
const FIELDS = ['disabilityCertificates', 'rehabilitationServices', 'disabilitySubsidies'];

describe.each(testDatabaseKinds())('disability access rules and write races on %s', (kind) => {
  let h: SubgraphHarness;
  let holder: { personId: string; townshipCode: string };
  let uncertified: typeof persons;
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
    const held: { personId: string; townshipCode: string }[] = await h.db.query(`SELECT "personId", "townshipCode" FROM disability_certificate ORDER BY id`);
    holder = held[0];
    const withRecords = new Set<string>([
      ...held.map((c) => c.personId),
      ...(await h.db.query(`SELECT "personId" FROM rehabilitation_service`)).map((r: any) => r.personId),
      ...(await h.db.query(`SELECT "personId" FROM disability_subsidy`)).map((r: any) => r.personId),
    ]);
    uncertified = persons.filter((p) => !withRecords.has(p.id) && p.status === 'ACTIVE' && p.age >= 18);
  });
  afterAll(() => h?.close());

  const certificate = (p: (typeof persons)[number], grade: number) => ({
    personId: p.id, number: `${p.idNumber}4${grade}`, category: 'PHYSICAL', grade: `GRADE_${grade}`, issuedOn: '2025-01-10',
    expiresOn: '2035-01-09', townshipCode: p.townshipCode, holderIdNumber: p.idNumber,
  });

  it('refuses other departments\' officers the three Person fields as a whole, and audits the reads of those who see them', async () => {
    const without = uncertified[0];
    const q = `query Look($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id
      disabilityCertificates { status } rehabilitationServices { programme provider } disabilitySubsidies { kind } } } }`;
    const reps = [holder.personId, without.id].map((id) => ({ __typename: 'Person', id }));
    const refused = await h.request(q, { r: reps }, EDUCATION);
    expect(refused.data._entities).toEqual(reps.map((r) => ({ id: r.id, disabilityCertificates: null, rehabilitationServices: null, disabilitySubsidies: null })));
    expect(refused.errors!.map((e) => `${e.extensions?.code} ${e.path!.join('.')}`).sort()).toEqual(
      [0, 1].flatMap((i) => FIELDS.map((f) => `FORBIDDEN _entities.${i}.${f}`)).sort(),
    );
    for (const as of [OFFICER, { role: 'auditor' as const }, { role: 'caseworker' as const, township: holder.townshipCode }]) {
      const r = await h.request(q, { r: reps.slice(0, 1) }, { ...as, subject: `reader-${as.role}` });
      expect(r.errors).toBeUndefined();
      expect(r.data._entities[0].disabilityCertificates.length).toBeGreaterThan(0);
    }
    // analysts get the three lists empty (a record links a disability to a person whom gender, age band and township
    // single out): counts come from the statistics queries (the root lists' bare totalCount answers them null)
    const a = await h.request(q, { r: reps.slice(0, 1) }, { role: 'analyst', subject: 'reader-analyst' });
    expect(a.errors).toBeUndefined();
    expect(a.data._entities[0]).toEqual({ id: holder.personId, disabilityCertificates: [], rehabilitationServices: [], disabilitySubsidies: [] });
    const log = await h.request(`{ disabilityAuditLog(first: 500) { edges { node { subject kind personIds detail } } } }`);
    const entries = log.data.disabilityAuditLog.edges.map((e: any) => e.node);
    const read = entries.find((e: any) => e.subject === 'reader-caseworker');
    expect(read).toMatchObject({ kind: 'read', personIds: [holder.personId] });
    const fields: string[] = JSON.parse(read.detail).fields;
    for (const f of FIELDS) expect(fields).toContain(`Person.${f}`);
    expect(fields).toContain('DisabilityCertificate.status');
    const analystRead = entries.find((e: any) => e.subject === 'reader-analyst');
    expect(JSON.parse(analystRead.detail).fields).not.toContain('DisabilityCertificate.status');
  });

  it('gives analysts no living subsidy rows (they give the civil-affairs category), and lets them only count by difficulty', async () => {
    const q = `query($f: DisabilitySubsidyFilter) { disabilitySubsidies(first: 500, filter: $f) { totalCount edges { node { id kind difficulty } } } }`;
    const all: any = await h.request(q, { f: { kind: 'LIVING' } }, OFFICER);
    expect(all.errors).toBeUndefined();
    const difficulties = all.data.disabilitySubsidies.edges.map((e: any) => e.node.difficulty);
    expect(difficulties.filter((d: string | null) => d === 'DIBAO' || d === 'TEKUN' || d === 'MARGINAL').length).toBeGreaterThan(0);
    const asAnalyst: any = await h.request(q, { f: { kind: 'LIVING' } }, { role: 'analyst' });
    expect(asAnalyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(asAnalyst.data?.disabilitySubsidies ?? null).toBeNull();
    const living: any = await h.request(`{ disabilitySubsidies(filter: { kind: LIVING }) { totalCount } }`, undefined, { role: 'analyst' });
    expect(living.errors).toBeUndefined();
    expect(all.data.disabilitySubsidies.totalCount).toBeGreaterThan(0);
    expect(living.data.disabilitySubsidies.totalCount).toBeNull();
    for (const difficulty of ['DIBAO', 'TEKUN', 'MARGINAL']) {
      const count = `query($f: DisabilitySubsidyFilter) { disabilitySubsidies(filter: $f) { totalCount } }`;
      const a: any = await h.request(count, { f: { difficulty } }, { role: 'analyst' });
      expect({ difficulty, errors: a.errors }).toEqual({ difficulty, errors: undefined });
      expect(a.data.disabilitySubsidies.totalCount).toBe(suppressedForAnalysts(difficulties.filter((d: string) => d === difficulty).length));
      const rows: any = await h.request(q, { f: { difficulty } }, { role: 'analyst' });
      expect({ difficulty, code: rows.errors?.[0]?.extensions?.code, data: rows.data?.disabilitySubsidies ?? null }).toEqual({ difficulty, code: 'FORBIDDEN', data: null });
      expect(rows.errors[0].message).toMatch(/may count .* but not list/);
      for (const as of [OFFICER, { role: 'auditor' as const }]) expect((await h.request(q, { f: { difficulty } }, as)).errors).toBeUndefined();
    }
  });

  it('refuses other departments\' officers the three root lists', async () => {
    for (const list of FIELDS) {
      for (const department of ['EDUCATION', 'MEDICAL_SECURITY', 'CIVIL_AFFAIRS']) {
        const r = await h.request(`{ ${list}(first: 3) { totalCount edges { node { id } } } }`, undefined, { role: 'department_officer', department });
        expect({ list, department, code: r.errors?.[0].extensions?.code, data: r.data?.[list] ?? null }).toEqual({ list, department, code: 'FORBIDDEN', data: null });
      }
      const own = await h.request(`{ ${list}(first: 3) { totalCount } }`, undefined, OFFICER);
      expect(own.errors).toBeUndefined();
      const table = { disabilityCertificates: 'disability_certificate', rehabilitationServices: 'rehabilitation_service', disabilitySubsidies: 'disability_subsidy' }[list]!;
      expect(own.data[list].totalCount).toBe(Number((await h.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n));
    }
    // the rate table names no one: open to every role
    const rates = await h.request(`{ disabilitySubsidyRates(on: "2025-06-01") { kind grade } }`, undefined, EDUCATION);
    expect(rates.errors).toBeUndefined();
  });

  it('issues exactly one of six concurrent certificates for a person (one VALID certificate per person)', async () => {
    const p = uncertified[1];
    const results = await Promise.all([1, 2, 3, 1, 2, 3].map((grade) => h.request(ISSUE, { i: certificate(p, grade) }, OFFICER)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_HOLDS_VALID_CERTIFICATE' });
    expect(await h.db.query(`SELECT id FROM disability_certificate WHERE "personId" = '${p.id}'`)).toHaveLength(1);
  });

  it('grants exactly one of six concurrent nursing subsidies; the others get ALREADY_GRANTED', async () => {
    const p = uncertified[2];
    expect((await h.request(ISSUE, { i: certificate(p, 1) }, OFFICER)).errors).toBeUndefined();
    const input = { personId: p.id, kind: 'NURSING', startDate: '2025-02-01', townshipCode: p.townshipCode };
    const results = await Promise.all(Array.from({ length: 6 }, () => h.request(GRANT, { i: input }, OFFICER)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_GRANTED' });
    expect(await h.db.query(`SELECT id FROM disability_subsidy WHERE "personId" = '${p.id}' AND status = 'ACTIVE'`)).toHaveLength(1);
  });

  it('records exactly one of six identical concurrent rehabilitation services; the others get DUPLICATE_SERVICE', async () => {
    const p = uncertified[3];
    const input = {
      personId: p.id, townshipCode: p.townshipCode, programme: 'ADULT_REHABILITATION', kind: 'REHABILITATION_TRAINING',
      provider: '胶州市残疾人康复中心', startDate: '2026-03-01', endDate: '2026-08-31', amount: '2000',
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => h.request(REHAB, { i: input }, OFFICER)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_SERVICE' });
    expect(await h.db.query(`SELECT id FROM rehabilitation_service WHERE "personId" = '${p.id}'`)).toHaveLength(1);
  });

  it('declares the person of every record type nullable, so a person the registry does not return nulls only that field', async () => {
    const sdl: string = (await h.request(`{ _service { sdl } }`)).data._service.sdl;
    for (const type of ['DisabilityCertificate', 'RehabilitationService', 'DisabilitySubsidy'])
      expect({ type, person: /\n\s*person: Person!?\n/.exec(new RegExp(`type ${type}[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)![1])?.[0].trim() }).toEqual({ type, person: 'person: Person' });
  });
});
