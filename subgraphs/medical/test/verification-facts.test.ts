import { medical } from '../src/subgraph';
import { graveIllnessFacts } from '../src/modules/person/person.resolver';
import { MedicalClaim } from '../src/modules/medical-claim/medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from '../src/modules/medical-claim/medical-claim.enums';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Person.verificationGraveIllnessFacts (issue 9): the internal field civil affairs' household economic verification
 * @requires through the gateway. Not in the API schema (@inaccessible); answered only through _entities, under the rules
 * of Person.medicalClaims; a grave illness is a RECORDED claim critical-illness insurance paid part of, no diagnosis.
 */
const SEED = 'medical-verification-facts';
const SIZE = 1500;
const FACTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id verificationGraveIllnessFacts { personId claimId since lastTreatedOn } } } }`;

const claim = (id: string, critical: string, status = MedicalClaimStatus.RECORDED): MedicalClaim =>
  Object.assign(new MedicalClaim(), {
    id, personId: 'p', townshipCode: '370281001', hospital: 'h', diagnosis: '肺恶性肿瘤', careType: MedicalCareType.INPATIENT, admissionDate: '2026-03-02', dischargeDate: '2026-03-20',
    totalCost: '60000.00', basicInsurancePaid: '30000.00', criticalIllnessInsurancePaid: critical, eligibleSelfPay: '10000.00', status, withdrawnOn: null, withdrawalReason: null,
  });

describe('a grave illness from medical\'s records', () => {
  it('is a recorded claim that critical-illness insurance paid part of: since its admission, last treated at its discharge, no diagnosis', () => {
    expect(graveIllnessFacts([claim('a', '6000.00'), claim('b', '0.00'), claim('c', '0.01', MedicalClaimStatus.WITHDRAWN), claim('d', '0.01')]).map((f) => ({ ...f }))).toEqual([
      { personId: 'p', claimId: 'a', since: '2026-03-02', lastTreatedOn: '2026-03-20' },
      { personId: 'p', claimId: 'd', since: '2026-03-02', lastTreatedOn: '2026-03-20' },
    ]);
  });
  it('is @inaccessible in the SDL, with its value type', async () => {
    const { sdl } = await medical.buildSchema();
    expect(sdl).toMatch(/verificationGraveIllnessFacts: \[VerificationGraveIllnessFact!\] @inaccessible/);
    expect(sdl).toMatch(/type VerificationGraveIllnessFact @shareable @inaccessible/);
  });
});

interface Row { id: string; personId: string; townshipCode: string; admissionDate: string; dischargeDate: string; critical: string | number; status: string }
const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

describe.each(testDatabaseKinds())('Person.verificationGraveIllnessFacts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: Row[];
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
    rows = (await h.db.query('SELECT id, "personId", "townshipCode", "admissionDate", "dischargeDate", "criticalIllnessInsurancePaid" AS critical, status FROM medical_claim')).map((r: Row) => ({
      ...r, admissionDate: iso(r.admissionDate), dischargeDate: iso(r.dischargeDate),
    }));
  });
  afterAll(() => h?.close());

  const facts = async (personId: string, as: TokenAs) => h.request(FACTS, { r: [{ __typename: 'Person', id: personId }] }, as);

  it('answers medical security every grave-illness claim of a person (and only those), against a brute-force reading of the table', async () => {
    const grave = rows.filter((r) => r.status === 'RECORDED' && Number(r.critical) > 0);
    expect(grave.length).toBeGreaterThan(0);
    const person = grave[0].personId;
    const expected = grave.filter((r) => r.personId === person).map((r) => ({ personId: person, claimId: r.id, since: r.admissionDate, lastTreatedOn: r.dischargeDate }));
    const r = await facts(person, { role: 'department_officer', department: 'MEDICAL_SECURITY' });
    expect(r.errors).toBeUndefined();
    const got = r.data._entities[0].verificationGraveIllnessFacts;
    expect([...got].sort((a: any, b: any) => a.claimId.localeCompare(b.claimId))).toEqual(expected.sort((a, b) => a.claimId.localeCompare(b.claimId)));
    // a person with only ordinary claims: none
    const ordinary = rows.find((r) => !grave.some((g) => g.personId === r.personId))!;
    expect((await facts(ordinary.personId, { role: 'department_officer', department: 'MEDICAL_SECURITY' })).data._entities[0].verificationGraveIllnessFacts).toEqual([]);
  });

  it('a caseworker gets the claims handled in their township only; other departments (civil affairs too) FORBIDDEN; analysts nothing', async () => {
    const g = rows.find((r) => r.status === 'RECORDED' && Number(r.critical) > 0)!;
    const own = await facts(g.personId, { role: 'caseworker', township: g.townshipCode });
    expect(own.data._entities[0].verificationGraveIllnessFacts.map((f: any) => f.claimId)).toContain(g.id);
    const other = await facts(g.personId, { role: 'caseworker', township: g.townshipCode === '370281001' ? '370281002' : '370281001' });
    expect(other.errors).toBeUndefined();
    expect(other.data._entities[0].verificationGraveIllnessFacts).toEqual([]);
    for (const department of ['CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION']) {
      const r = await facts(g.personId, { role: 'department_officer', department });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await facts(g.personId, { role: 'analyst' })).data._entities[0].verificationGraveIllnessFacts).toEqual([]);
  });
});
