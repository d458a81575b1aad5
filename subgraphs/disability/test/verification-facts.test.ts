import { disability } from '../src/subgraph';
import { certificateFacts } from '../src/modules/person/person.resolver';
import { DisabilityCertificate } from '../src/modules/disability-certificate/disability-certificate.entity';
import { DisabilityCategory, DisabilityCertificateStatus } from '../src/modules/disability-certificate/disability-certificate.enums';
import { addCalendarDays } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Person.verificationDisabilityFacts (issue 9): the internal field civil affairs' household economic verification
 * @requires through the gateway. Not in the API schema (@inaccessible); answered only through _entities, under the rules
 * of Person.disabilityCertificates; each certificate's days in force computed over all the person's certificates.
 */
const SEED = 'disability-verification-facts';
const SIZE = 1500;
const FACTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id verificationDisabilityFacts { personId certificateId category grade validFrom validTo } } } }`;

const cert = (id: string, issuedOn: string, expiresOn: string, status: DisabilityCertificateStatus, revokedOn: string | null = null): DisabilityCertificate =>
  Object.assign(new DisabilityCertificate(), { id, personId: 'p', number: 'x', category: DisabilityCategory.PHYSICAL, grade: 2, issuedOn, expiresOn, status, revokedOn, townshipCode: '370281001' });

describe('the days a certificate is in force', () => {
  it('VALID: issue to expiry; REVOKED: cut the day before its revocation; REPLACED: the day before the next certificate was issued', () => {
    // newest issue first, as the loader answers
    const rows = [
      cert('c3', '2024-05-10', '2034-05-09', DisabilityCertificateStatus.REVOKED, '2025-11-20'),
      cert('c2', '2019-03-01', '2029-02-28', DisabilityCertificateStatus.REPLACED),
      cert('c1', '2012-01-15', '2022-01-14', DisabilityCertificateStatus.REPLACED),
    ];
    expect(certificateFacts(rows).map((f) => [f.certificateId, f.validFrom, f.validTo])).toEqual([
      ['c3', '2024-05-10', '2025-11-19'],
      ['c2', '2019-03-01', '2024-05-09'],
      ['c1', '2012-01-15', '2019-02-28'],
    ]);
    expect(certificateFacts([cert('v', '2020-01-01', '2030-01-01', DisabilityCertificateStatus.VALID)])[0]).toMatchObject({ validFrom: '2020-01-01', validTo: '2030-01-01', category: 'PHYSICAL', grade: 2, personId: 'p' });
    // a revocation after the expiry changes nothing; a replaced certificate without a later one is never in force
    expect(certificateFacts([cert('r', '2010-01-01', '2020-01-01', DisabilityCertificateStatus.REVOKED, '2021-06-01')])[0].validTo).toBe('2020-01-01');
    expect(certificateFacts([cert('x', '2010-01-01', '2020-01-01', DisabilityCertificateStatus.REPLACED)])[0].validTo).toBe('2009-12-31');
  });
});

describe('the field is internal to the supergraph', () => {
  it('is @inaccessible in the SDL, with its value type', async () => {
    const { sdl } = await disability.buildSchema();
    expect(sdl).toMatch(/verificationDisabilityFacts: \[VerificationDisabilityFact!\] @inaccessible/);
    expect(sdl).toMatch(/type VerificationDisabilityFact @shareable @inaccessible/);
  });
});

interface Row { id: string; personId: string; category: string; grade: number; issuedOn: string; expiresOn: string; status: string; revokedOn: string | null; townshipCode: string }
const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d == null ? null : String(d));

describe.each(testDatabaseKinds())('Person.verificationDisabilityFacts on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: Row[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
    rows = (await h.db.query('SELECT id, "personId", category, grade, "issuedOn", "expiresOn", status, "revokedOn", "townshipCode" FROM disability_certificate')).map((r: Row) => ({
      ...r, grade: Number(r.grade), issuedOn: iso(r.issuedOn)!, expiresOn: iso(r.expiresOn)!, revokedOn: iso(r.revokedOn),
    }));
  });
  afterAll(() => h?.close());

  const officer: TokenAs = { role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION' };
  const facts = async (personId: string, as: TokenAs) => h.request(FACTS, { r: [{ __typename: 'Person', id: personId }] }, as);

  it('answers the federation every certificate of a person with the days it was in force (a replaced one until the next was issued)', async () => {
    const replacedHolder = rows.find((r) => r.status === 'REPLACED')!.personId;
    const mine = rows.filter((r) => r.personId === replacedHolder).sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const r = await facts(replacedHolder, officer);
    expect(r.errors).toBeUndefined();
    const got = r.data._entities[0].verificationDisabilityFacts;
    expect(got).toHaveLength(mine.length);
    mine.forEach((c, i) => {
      const next = mine[i - 1];
      const validTo = c.status === 'REPLACED' ? addCalendarDays(next.issuedOn, -1) : c.status === 'REVOKED' && c.revokedOn && addCalendarDays(c.revokedOn, -1) < c.expiresOn ? addCalendarDays(c.revokedOn, -1) : c.expiresOn;
      expect(got[i]).toEqual({ personId: replacedHolder, certificateId: c.id, category: c.category, grade: c.grade, validFrom: c.issuedOn, validTo });
    });
  });

  it('a caseworker gets the certificates handled in their township only; other departments (civil affairs too) FORBIDDEN; analysts nothing', async () => {
    const c = rows.find((r) => r.status === 'VALID')!;
    const own = await facts(c.personId, { role: 'caseworker', township: c.townshipCode });
    expect(own.errors).toBeUndefined();
    expect(own.data._entities[0].verificationDisabilityFacts.map((f: any) => f.certificateId)).toContain(c.id);
    const other = await facts(c.personId, { role: 'caseworker', township: c.townshipCode === '370281001' ? '370281002' : '370281001' });
    expect(other.errors).toBeUndefined();
    expect(other.data._entities[0].verificationDisabilityFacts).toEqual([]);
    for (const department of ['CIVIL_AFFAIRS', 'EDUCATION', 'MEDICAL_SECURITY']) {
      const r = await facts(c.personId, { role: 'department_officer', department });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.data?._entities?.[0]?.verificationDisabilityFacts ?? null).toBeNull();
    }
    const analyst = await facts(c.personId, { role: 'analyst' });
    expect(analyst.data._entities[0].verificationDisabilityFacts).toEqual([]);
    const auditor = await facts(c.personId, { role: 'auditor' });
    expect(auditor.data._entities[0].verificationDisabilityFacts.map((f: any) => f.certificateId)).toContain(c.id);
  });

  it('is answered only to the gateway (unsigned _entities refused)', async () => {
    const r = await h.requestDirect(FACTS, { r: [{ __typename: 'Person', id: rows[0].personId }] }, officer);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'GATEWAY_SIGNATURE_REQUIRED' });
  });
});
