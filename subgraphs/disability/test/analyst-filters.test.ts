import { disability } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Per-person id filters are FORBIDDEN to analysts on every list, bare counts included (assertFiltersAllowed): a count
 * of one person's DIBAO living subsidies would tell that person's civil-affairs category. Auditors and the disabled
 * persons' federation keep them.
 */
const SEED = 'disability-analyst-filters';
const SIZE = 600;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };

describe.each(testDatabaseKinds())('disability list filters for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let subsidies: { personId: string; difficulty: string | null }[];
  let certificates: { personId: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
    subsidies = await h.db.query(`SELECT "personId", difficulty FROM disability_subsidy ORDER BY id`);
    certificates = await h.db.query(`SELECT "personId" FROM disability_certificate ORDER BY id`);
    expect(subsidies.some((s) => s.difficulty === 'DIBAO')).toBe(true);
  });
  afterAll(() => h?.close());

  const SUBSIDIES = `query($f: DisabilitySubsidyFilter) { disabilitySubsidies(filter: $f) { totalCount } }`;
  const CERTIFICATES = `query($f: DisabilityCertificateFilter) { disabilityCertificates(filter: $f) { totalCount } }`;
  const REHABILITATION = `query($f: RehabilitationServiceFilter) { rehabilitationServices(filter: $f) { totalCount } }`;

  it('refuses analysts a per-person filter, even for a bare count', async () => {
    const dibao = subsidies.find((s) => s.difficulty === 'DIBAO')!;
    for (const [q, f] of [
      [SUBSIDIES, { difficulty: 'DIBAO', personId: dibao.personId }],
      [SUBSIDIES, { personId: dibao.personId }],
      [CERTIFICATES, { personId: certificates[0].personId }],
      [REHABILITATION, { personId: dibao.personId }],
    ] as const) {
      const r = await h.request(q, { f }, ANALYST);
      expect({ f, code: r.errors?.[0].extensions?.code }).toEqual({ f, code: 'FORBIDDEN' });
      expect(r.data ?? null).toBeNull();
    }
    // the count by difficulty alone stays (count-only)
    const ok = await h.request(SUBSIDIES, { f: { difficulty: 'DIBAO' } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.disabilitySubsidies.totalCount).toBe(subsidies.filter((s) => s.difficulty === 'DIBAO').length);
  });

  it('keeps the per-person filters for auditors and the federation', async () => {
    const dibao = subsidies.find((s) => s.difficulty === 'DIBAO')!;
    for (const as of [AUDITOR, OFFICER]) {
      const r = await h.request(SUBSIDIES, { f: { difficulty: 'DIBAO', personId: dibao.personId } }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.disabilitySubsidies.totalCount).toBe(subsidies.filter((s) => s.difficulty === 'DIBAO' && s.personId === dibao.personId).length);
      const c = await h.request(CERTIFICATES, { f: { personId: certificates[0].personId } }, as);
      expect(c.data.disabilityCertificates.totalCount).toBe(certificates.filter((x) => x.personId === certificates[0].personId).length);
    }
  });
});
