import { disability } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
// a count-only count between 1 and 4 is answered null to analysts (suppressed as a statistics cell is, STATISTICS_MIN_CELL)
// a count-only totalCount (the caller sees no rows of the list) is null, whatever the count: counts come from the statistics queries
const suppressedForAnalysts = (_n: number): number | null => null;

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
      expect(Object.values(r.data ?? {}).filter((v) => v != null)).toEqual([]);
    }
    // the bare count by difficulty alone stays allowed (count-only), and answers null whatever the count
    const ok = await h.request(SUBSIDIES, { f: { difficulty: 'DIBAO' } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    expect(subsidies.filter((s) => s.difficulty === 'DIBAO').length).toBeGreaterThan(0);
    expect(ok.data.disabilitySubsidies.totalCount).toBeNull();
  });

  it('answers analysts only a bare totalCount of each list: rows, cursors and sort keys are FORBIDDEN, whatever the filter', async () => {
    const rows: Record<string, string[]> = {
      disabilitySubsidies: [
        `{ disabilitySubsidies(filter: { kind: LIVING }) { edges { node { monthlyAmount person { id } } } } }`,
        `{ disabilitySubsidies(first: 5) { totalCount pageInfo { endCursor } } }`,
        `{ disabilitySubsidies(orderBy: { field: MONTHLY_AMOUNT, direction: DESC }) { totalCount } }`,
      ],
      disabilityCertificates: [
        `{ disabilityCertificates(first: 5, filter: { category: MENTAL }) { edges { node { id category grade } } } }`,
        `{ disabilityCertificates(first: 5) { totalCount ... on DisabilityCertificateConnection { edges { cursor } } } }`,
      ],
      rehabilitationServices: [
        `{ rehabilitationServices(first: 5) { edges { node { id person { id } } } } }`,
        `{ rehabilitationServices(orderBy: { field: AMOUNT, direction: DESC }) { totalCount } }`,
      ],
    };
    for (const [list, queries] of Object.entries(rows))
      for (const q of queries) {
        const r = await h.request(q, undefined, ANALYST);
        expect({ q, code: r.errors?.[0].extensions?.code }).toEqual({ q, code: 'FORBIDDEN' });
        expect(r.data?.[list] ?? null).toBeNull();
      }
    // the bare count, by the coarse filters, is the number of matching records
    const subs = await h.db.query(`SELECT kind, status, "townshipCode" FROM disability_subsidy`);
    const certs = await h.db.query(`SELECT category, grade, status, "townshipCode" FROM disability_certificate`);
    const rehab = await h.db.query(`SELECT programme, kind, status, "townshipCode" FROM rehabilitation_service`);
    for (const t of [subs, certs, rehab]) expect(t.length).toBeGreaterThan(0);
    const cases: [string, string, Record<string, unknown>, (x: any) => boolean][] = [
      [SUBSIDIES, 'disabilitySubsidies', {}, () => true],
      [SUBSIDIES, 'disabilitySubsidies', { kind: 'LIVING' }, (x) => x.kind === 'LIVING'],
      [SUBSIDIES, 'disabilitySubsidies', { kind: 'NURSING', status: 'ACTIVE', townshipCode: subs[0].townshipCode },
        (x) => x.kind === 'NURSING' && x.status === 'ACTIVE' && x.townshipCode === subs[0].townshipCode],
      [CERTIFICATES, 'disabilityCertificates', { category: certs[0].category }, (x) => x.category === certs[0].category],
      [CERTIFICATES, 'disabilityCertificates', { severe: true, status: 'VALID' }, (x) => Number(x.grade) <= 2 && x.status === 'VALID'],
      [CERTIFICATES, 'disabilityCertificates', { townshipCode: certs[0].townshipCode }, (x) => x.townshipCode === certs[0].townshipCode],
      [REHABILITATION, 'rehabilitationServices', { programme: rehab[0].programme }, (x) => x.programme === rehab[0].programme],
      [REHABILITATION, 'rehabilitationServices', { kind: rehab[0].kind, status: rehab[0].status }, (x) => x.kind === rehab[0].kind && x.status === rehab[0].status],
    ];
    for (const [q, list, f, match] of cases) {
      const r = await h.request(q, { f }, ANALYST);
      expect({ f, errors: r.errors }).toEqual({ f, errors: undefined });
      const table = { disabilitySubsidies: subs, disabilityCertificates: certs, rehabilitationServices: rehab }[list]!;
      expect({ list, f, n: r.data[list].totalCount }).toEqual({ list, f, n: suppressedForAnalysts(table.filter(match).length) });
    }
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
