import { civilAffairs } from '../src/subgraph';
import {
  COORDINATES, DATA_CLASSES, HEALTH_COVERED_GROUPS, analystQuasiIdentifiers, baseConfigSchema, matrixRole,
  isSinglePersonCoverage, outcomeFor, quasiIdentifierCoordinates, type DataClass, type Identity, type Outcome,
} from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Inference and re-identification, driven by the classification table (kit/src/access/classification.ts):
 * - for every role and every class the role may not see as it is, every civil-affairs coordinate of that class is
 *   queried and must give no value from which the protected one can be computed (income from dibao amounts, health
 *   from single-person coverage, the filters, their intersections and their counts);
 * - over the demo-sized population, every combination of the quasi-identifiers analysts see (the table's
 *   analystQuasiIdentifiers) is shared by at least k people (ANALYST_K_ANONYMITY, default 5).
 */
const SEED = 'jiaozhou-2020-106';
const SIZE = 2400;
const K = baseConfigSchema.shape.ANALYST_K_ANONYMITY.parse(process.env.ANALYST_K_ANONYMITY);
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const persons = households.flatMap((h) => h.members);
const active = (p: (typeof persons)[number], programme: string) => p.enrolments.some((e) => e.programme === programme && e.status === 'ACTIVE');
/** single-person coverage (单人保): an active DIBAO and an active MARGINAL enrolment */
const singles = persons.filter((p) => active(p, 'DIBAO') && active(p, 'MARGINAL'));
const dibao = persons.filter((p) => active(p, 'DIBAO'));
/** persons with an active DIBAO enrolment that is not single-person coverage (overlapping a MARGINAL one, active or ended) */
const visibleDibao = dibao.filter((p) => p.enrolments.some((e) => e.programme === 'DIBAO' && e.status === 'ACTIVE' && !isSinglePersonCoverage(e, p.enrolments)));

const asIdentity = (as: TokenAs): Identity => ({ subject: 't', role: as.role, township: as.township, department: as.department });
const officer = (department: string): TokenAs => ({ role: 'department_officer', department });
/** roles under test: officers of a department with a subgraph, of one without (JUSTICE), civil affairs, medical, analysts, auditors */
const ROLES: Record<string, TokenAs> = {
  'officer EDUCATION': officer('EDUCATION'),
  'officer JUSTICE': officer('JUSTICE'),
  'officer HOUSING': officer('HOUSING'),
  'officer CIVIL_AFFAIRS': officer('CIVIL_AFFAIRS'),
  'officer MEDICAL_SECURITY': officer('MEDICAL_SECURITY'),
  analyst: { role: 'analyst' },
  auditor: { role: 'auditor' },
};

/**
 * How each civil-affairs field coordinate of the table is reached: on a person (`people` rows) or on a household
 * (`household(id:)`), with the selection and how to pick the values. A coordinate of the table on Person, Household or
 * Enrolment without an entry here fails the test, so a new classified field cannot go untested.
 */
type Reach = { on: 'person' | 'household'; select: string; pick: (node: any) => unknown[] };
const REACH: Record<string, Reach> = {
  'Person.name': { on: 'person', select: 'name', pick: (n) => [n.name] },
  'Person.idNumber': { on: 'person', select: 'idNumber', pick: (n) => [n.idNumber] },
  'Person.birthDate': { on: 'person', select: 'birthDate', pick: (n) => [n.birthDate] },
  'Person.age': { on: 'person', select: 'age', pick: (n) => [n.age] },
  'Person.phone': { on: 'person', select: 'phone', pick: (n) => [n.phone] },
  'Person.gender': { on: 'person', select: 'gender', pick: (n) => [n.gender] },
  'Person.ageBand': { on: 'person', select: 'ageBand', pick: (n) => [n.ageBand] },
  'Person.township': { on: 'person', select: 'township { code }', pick: (n) => [n.township?.code] },
  'Person.village': { on: 'person', select: 'village { code }', pick: (n) => [n.village?.code] },
  'Person.relationToHead': { on: 'person', select: 'relationToHead', pick: (n) => [n.relationToHead] },
  'Person.status': { on: 'person', select: 'status', pick: (n) => [n.status] },
  'Person.statusDate': { on: 'person', select: 'statusDate', pick: (n) => [n.statusDate] },
  'Person.household': { on: 'person', select: 'household { id }', pick: (n) => [n.household?.id] },
  'Person.enrolments': { on: 'person', select: 'enrolments { id }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.id) },
  'Person.assistanceCategory': { on: 'person', select: 'assistanceCategory', pick: (n) => [n.assistanceCategory] },
  'Person.assistanceCategoryHistory': {
    on: 'person', select: 'assistanceCategoryHistory { from to category }', pick: (n) => (n.assistanceCategoryHistory ?? []).map((x: any) => x.category),
  },
  'Person.coveredGroups': { on: 'person', select: 'coveredGroups', pick: (n) => n.coveredGroups ?? [] },
  'Enrolment.programme': { on: 'person', select: 'enrolments { programme }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.programme) },
  'Enrolment.status': { on: 'person', select: 'enrolments { status }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.status) },
  'Enrolment.amount': { on: 'person', select: 'enrolments { amount }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.amount) },
  'Enrolment.startDate': { on: 'person', select: 'enrolments { startDate }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.startDate) },
  'Enrolment.endDate': { on: 'person', select: 'enrolments { endDate }', pick: (n) => (n.enrolments ?? []).map((e: any) => e.endDate) },
  'Household.address': { on: 'household', select: 'address', pick: (n) => [n.address] },
  'Household.size': { on: 'household', select: 'size', pick: (n) => [n.size] },
  'Household.members': { on: 'household', select: 'members { id }', pick: (n) => (n.members ?? null) === null ? [null] : n.members.map((m: any) => m.id) },
  'Household.head': { on: 'household', select: 'head { id }', pick: (n) => [n.head?.id] },
  'Household.village': { on: 'household', select: 'village { code }', pick: (n) => [n.village?.code] },
  'Household.perCapitaMonthlyIncome': { on: 'household', select: 'perCapitaMonthlyIncome', pick: (n) => [n.perCapitaMonthlyIncome] },
  'Household.assetsWithinRules': { on: 'household', select: 'assetsWithinRules', pick: (n) => [n.assetsWithinRules] },
};
const CIVIL_TYPES = ['Person', 'Household', 'Enrolment'];
const CIVIL_PERSON_FIELDS = new Set([
  'name', 'idNumber', 'birthDate', 'age', 'phone', 'gender', 'ageBand', 'township', 'village', 'relationToHead', 'status', 'statusDate',
  'household', 'enrolments', 'assistanceCategory', 'assistanceCategoryHistory', 'coveredGroups',
]);
/** the table's field coordinates that civil affairs defines */
const civilCoordinates = Object.entries(COORDINATES)
  .filter(([c, v]) => (v.kind === 'field' || v.kind === 'list') && CIVIL_TYPES.includes(c.split('.')[0]) && !c.includes('['))
  .filter(([c]) => !c.startsWith('Person.') || CIVIL_PERSON_FIELDS.has(c.split('.')[1]))
  .filter(([c]) => !c.startsWith('Household.') || !['charityGrants', 'housingAssistance'].includes(c.split('.')[1]));

describe.each(testDatabaseKinds())('inference and re-identification on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  }, 300_000);
  afterAll(() => h?.close());

  it('has a way to query every civil-affairs coordinate of the classification', () => {
    expect(singles.length).toBeGreaterThan(3);
    expect(civilCoordinates.map(([c]) => c).filter((c) => !REACH[c])).toEqual([]);
  });

  /** The sample: dibao recipients (amounts), single-person coverage, temporary aid, health groups; and their households. */
  const sample = [
    ...dibao.slice(0, 25),
    ...singles,
    ...persons.filter((p) => p.enrolments.some((e) => e.programme === 'TEMPORARY')).slice(0, 10),
    ...persons.filter((p) => p.coveredGroups.some((g) => HEALTH_COVERED_GROUPS.includes(g))).slice(0, 10),
  ];
  const reps = [...new Map(sample.map((p) => [p.id, { __typename: 'Person', id: p.id }])).values()];
  const householdIds = [...new Set(sample.map((p) => p.householdId))].slice(0, 40);

  async function read(coordinate: string, as: TokenAs): Promise<{ values: unknown[]; codes: string[] }> {
    const r = REACH[coordinate];
    if (r.on === 'person') {
      const res = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id ${r.select} } } }`, { r: reps }, as);
      return { values: (res.data?._entities ?? []).filter(Boolean).flatMap(r.pick), codes: (res.errors ?? []).map((e) => e.extensions?.code) };
    }
    const values: unknown[] = [];
    const codes: string[] = [];
    const aliases = householdIds.map((id, i) => `h${i}: household(id: "${id}") { id ${r.select} }`).join('\n');
    const res = await h.request(`{ ${aliases} }`, undefined, as);
    for (const i of householdIds.keys()) if (res.data?.[`h${i}`]) values.push(...r.pick(res.data[`h${i}`]));
    codes.push(...(res.errors ?? []).map((e) => e.extensions?.code));
    return { values, codes };
  }

  const present = (vs: unknown[]) => vs.filter((v) => v !== null && v !== undefined);

  it.each(Object.keys(ROLES))('gives %s, at every coordinate, exactly what the table says', async (who) => {
    const as = ROLES[who];
    const problems: string[] = [];
    for (const [coordinate, c] of civilCoordinates) {
      const outcome: Outcome = outcomeFor(asIdentity(as), c.class, { owner: c.owner, coordinate });
      const { values, codes } = await read(coordinate, as);
      const seen = present(values);
      const unexpected = (why: string) => problems.push(`${who} ${coordinate} (${c.class}: ${outcome}): ${why}`);
      switch (outcome) {
        case 'value':
        case 'collapsed':
          if (coordinate !== 'Person.phone' && coordinate !== 'Enrolment.endDate' && coordinate !== 'Person.statusDate' && !seen.length) unexpected('no value at all');
          if (codes.length) unexpected(`errors ${codes.join(',')}`);
          break;
        case 'omitted':
          // a list that leaves the protected items out: none of them may be in it
          // a coordinate that leaves the whole list out for this role (quasi.programme for analysts): nothing at all
          if (coordinate === 'Person.coveredGroups' && c.outcomes?.[matrixRole(asIdentity(as), c.class, { owner: c.owner })] !== 'omitted') {
            if (seen.some((g) => HEALTH_COVERED_GROUPS.includes(String(g)))) unexpected(`health groups ${JSON.stringify(seen.filter((g) => HEALTH_COVERED_GROUPS.includes(String(g))))}`);
            break;
          }
          if (seen.length) unexpected(`values ${JSON.stringify(seen.slice(0, 3))}`);
          break;
        case 'null':
          if (seen.length) unexpected(`values ${JSON.stringify(seen.slice(0, 3))}`);
          if (codes.length) unexpected(`errors ${codes.join(',')}`);
          break;
        case 'banded':
          if (seen.some((v) => !/^\d{4}$/.test(String(v)))) unexpected(`unbanded ${JSON.stringify(seen.slice(0, 3))}`);
          if (!seen.length) unexpected('no value at all');
          break;
        case 'FORBIDDEN':
          if (seen.length) unexpected(`values ${JSON.stringify(seen.slice(0, 3))}`);
          if (!codes.length || codes.some((x) => x !== 'FORBIDDEN')) unexpected(`codes ${codes.join(',')}`);
          break;
        default:
          unexpected('untested outcome');
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  /** Roles for which the table collapses health.enrolment (single-person coverage, temporary aid). */
  const collapsedRoles = Object.entries(ROLES).filter(([, as]) => outcomeFor(asIdentity(as), 'health.enrolment') === 'collapsed');
  /** Roles that see the class and may list by programme (analysts see health.enrolment but may only count by programme) */
  const openRoles = Object.entries(ROLES).filter(
    ([, as]) =>
      outcomeFor(asIdentity(as), 'health.enrolment') === 'value' &&
      outcomeFor(asIdentity(as), 'health.enrolment', { coordinate: 'PersonFilter.programme' }) !== 'countOnly',
  );

  it('leaves no way to tell single-person coverage (单人保) from the rest of a marginal household', async () => {
    expect(collapsedRoles.map(([w]) => w)).toEqual(expect.arrayContaining(['officer EDUCATION', 'officer JUSTICE', 'officer HOUSING']));
    const singleIds = new Set(singles.map((p) => p.id));
    const list = async (programme: string, as: TokenAs, by: 'programme' | 'coveredGroup' = 'programme') => {
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      do {
        const r: any = await h.request(
          by === 'programme'
            ? `query($p: CivilAffairsProgramme!, $a: String) { people(first: 500, after: $a, filter: { programme: $p }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id assistanceCategory assistanceCategoryHistory { category } coveredGroups enrolments { programme status } } } } }`
            : `query($p: CoveredGroup!, $a: String) { people(first: 500, after: $a, filter: { coveredGroup: $p }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id assistanceCategory assistanceCategoryHistory { category } coveredGroups enrolments { programme status } } } } }`,
          { p: programme, a: after },
          as,
        );
        expect(r.errors).toBeUndefined();
        total = r.data.people.totalCount;
        for (const e of r.data.people.edges) ids.push(e.node.id);
        for (const e of r.data.people.edges) {
          const activeProgrammes = e.node.enrolments.filter((x: any) => x.status === 'ACTIVE').map((x: any) => x.programme);
          if (collapsedRoles.some(([, a]) => a === as)) {
            // no row shows the pair, and the category agrees with the household
            expect({ id: e.node.id, pair: activeProgrammes.includes('DIBAO') && activeProgrammes.includes('MARGINAL') }).toEqual({ id: e.node.id, pair: false });
            expect(e.node.enrolments.some((x: any) => x.programme === 'TEMPORARY')).toBe(false);
            // the covered group that mirrors dibao follows the collapsed enrolments
            expect({ id: e.node.id, pair: activeProgrammes.includes('MARGINAL') && e.node.coveredGroups.includes('DIBAO_RECIPIENT') }).toEqual({ id: e.node.id, pair: false });
            if (singleIds.has(e.node.id)) expect(e.node.assistanceCategory).toBe('MARGINAL');
            // the history is computed from the same collapsed enrolments: no DIBAO period for single-person coverage
            if (singleIds.has(e.node.id)) expect({ id: e.node.id, history: e.node.assistanceCategoryHistory.map((x: any) => x.category) }).not.toEqual(expect.objectContaining({ history: expect.arrayContaining(['DIBAO']) }));
          }
        }
        after = r.data.people.pageInfo.hasNextPage ? r.data.people.pageInfo.endCursor : null;
      } while (after);
      expect(ids.length).toBe(total);
      return new Set(ids);
    };
    for (const [who, as] of collapsedRoles) {
      const d = await list('DIBAO', as);
      const m = await list('MARGINAL', as);
      // the intersection of the two filtered lists, and the counts, are what a household-level view gives
      expect({ who, both: [...d].filter((id) => m.has(id)) }).toEqual({ who, both: [] });
      expect({ who, dibao: d.size }).toEqual({ who, dibao: visibleDibao.length });
      expect(visibleDibao.length).toBeLessThanOrEqual(dibao.length - singles.length);
      expect({ who, marginal: m.size }).toEqual({ who, marginal: persons.filter((p) => active(p, 'MARGINAL')).length });
      const g = await list('DIBAO_RECIPIENT', as, 'coveredGroup');
      expect({ who, both: [...g].filter((id) => m.has(id)) }).toEqual({ who, both: [] });
      // the temporary filter is refused whatever the data: the same answer for any township
      const t1 = await h.request(`{ people(filter: { programme: TEMPORARY }) { totalCount } }`, undefined, as);
      const t2 = await h.request(`{ people(filter: { programme: TEMPORARY, townshipCode: "370281401" }) { totalCount } }`, undefined, as);
      expect(t1.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(t2.errors?.[0].message).toBe(t1.errors?.[0].message);
    }
    // the roles that see the class see the pair (so the check above can fail)
    for (const [who, as] of openRoles) {
      const d = await list('DIBAO', as);
      const m = await list('MARGINAL', as);
      expect({ who, both: [...d].filter((id) => m.has(id)).sort() }).toEqual({ who, both: [...singleIds].sort() });
    }
  }, 240_000);

  it('gives no role denied income a dibao amount, an income, or anything they are computed from', async () => {
    const incomeCoordinates = Object.entries(COORDINATES).filter(([, c]) => c.class === 'income').map(([k]) => k);
    expect(incomeCoordinates).toEqual(expect.arrayContaining(['Household.perCapitaMonthlyIncome', 'Enrolment.amount']));
    for (const [who, as] of Object.entries(ROLES)) {
      const outcome = outcomeFor(asIdentity(as), 'income');
      const r = await h.request(
        `{ people(first: 200, filter: { programme: DIBAO }) { edges { node { id enrolments { programme amount } } } } }`,
        undefined,
        as,
      );
      const amounts = present((r.data?.people?.edges ?? []).flatMap((e: any) => (e.node?.enrolments ?? []).map((x: any) => x.amount)));
      if (outcome === 'value') expect({ who, some: amounts.length > 0 }).toEqual({ who, some: true });
      else expect({ who, amounts: amounts.slice(0, 3) }).toEqual({ who, amounts: [] });
    }
  }, 120_000);

  it(`keeps every analyst-visible combination of quasi-identifiers shared by at least k = ${K} people`, async () => {
    const qis = analystQuasiIdentifiers();
    // the table must name them; at least the coarse demographics are analyst-visible
    expect(qis).toEqual(expect.arrayContaining(['Person.gender', 'Person.ageBand', 'Person.township']));
    // programme membership is a quasi-identifier (public notices, 公示): the table's list of them holds it, and every
    // civil-affairs quasi-identifier analysts do not get at row level gives them nothing (the measure below covers the rest)
    const all = quasiIdentifierCoordinates();
    expect(all).toEqual(expect.arrayContaining(['Person.assistanceCategory', 'Person.coveredGroups', 'Person.enrolments', 'Enrolment.programme', 'Enrolment.status']));
    const hidden = all.filter((c) => !qis.includes(c) && REACH[c]);
    expect(hidden.length).toBeGreaterThan(10);
    for (const c of hidden) {
      const { values } = await read(c, { role: 'analyst' });
      expect({ c, values: present(values).slice(0, 3) }).toEqual({ c, values: [] });
    }
    // each analyst-visible quasi-identifier, as a per-person value (record fields: the sorted list of the person's values)
    const rows: Record<string, string>[] = [];
    let after: string | null = null;
    const selection = [...new Set(qis.map((c) => REACH[c]?.select ?? `__missing_${c.replace('.', '_')}`))].join(' ');
    do {
      const r: any = await h.request(
        `query($a: String) { people(first: 500, after: $a) { pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
        { a: after },
        { role: 'analyst' },
      );
      expect(r.errors).toBeUndefined();
      for (const e of r.data.people.edges)
        rows.push(Object.fromEntries(qis.map((c) => [c, JSON.stringify(REACH[c].pick(e.node).map((v) => v ?? null).sort())])));
      after = r.data.people.pageInfo.hasNextPage ? r.data.people.pageInfo.endCursor : null;
    } while (after);
    expect(rows.length).toBeGreaterThanOrEqual(SIZE);
    // every non-empty combination of the quasi-identifiers
    const failures: string[] = [];
    const measured: string[] = [];
    for (let mask = 1; mask < 1 << qis.length; mask++) {
      const combo = qis.filter((_, i) => mask & (1 << i));
      const groups = new Map<string, number>();
      for (const row of rows) {
        const key = combo.map((c) => row[c]).join('|');
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      const smallest = Math.min(...groups.values());
      measured.push(`${combo.join(' x ')}: ${smallest}`);
      if (smallest < K) failures.push(`${combo.join(' x ')}: smallest group ${smallest} < k = ${K}`);
    }
    console.log(`analyst quasi-identifiers over ${rows.length} people (${kind}), smallest group per combination:\n${measured.join('\n')}`);
    expect(failures).toEqual([]);
  }, 240_000);

  /** people with an active enrolment in `programme` (township `t` when given), from the generated population */
  const enrolled = (programme: string, t?: string) => persons.filter((p) => active(p, programme) && (!t || p.townshipCode === t)).length;
  const tekunTownship = persons.find((p) => active(p, 'TEKUN'))!.townshipCode;

  it('gives analysts no programme membership per row: null category, no covered groups, no enrolments', async () => {
    expect(outcomeFor({ subject: 'a', role: 'analyst' }, 'quasi.programme')).toBe('null');
    expect(DATA_CLASSES['quasi.programme'].quasiIdentifier).toBe(true);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id gender ageBand township { code } assistanceCategory coveredGroups enrolments { programme status } } } }`;
    const a: any = await h.request(q, { r: reps }, { role: 'analyst' });
    expect(a.errors).toBeUndefined();
    expect(a.data._entities).toHaveLength(reps.length);
    for (const n of a.data._entities) {
      expect({ id: n.id, category: n.assistanceCategory, groups: n.coveredGroups, enrolments: n.enrolments }).toEqual({ id: n.id, category: null, groups: [], enrolments: [] });
      expect(['AGE_0_17', 'AGE_18_39', 'AGE_40_59', 'AGE_60_PLUS']).toContain(n.ageBand);
    }
    // the others unchanged: the auditor sees every sampled dibao recipient's category and enrolments
    const au: any = await h.request(q, { r: reps }, { role: 'auditor' });
    expect(au.errors).toBeUndefined();
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const n of au.data._entities) {
      const p = byId.get(n.id)!;
      expect(n.enrolments.map((e: any) => `${e.programme}:${e.status}`).sort()).toEqual(p.enrolments.map((e) => `${e.programme}:${e.status}`).sort());
      expect([...n.coveredGroups].sort()).toEqual([...p.coveredGroups].sort());
    }
    expect(au.data._entities.filter((n: any) => n.assistanceCategory === 'DIBAO').length).toBeGreaterThan(10);
  }, 120_000);

  it('answers analysts a null totalCount for any programme or covered-group filter, whatever the count (counts come from the statistics queries)', async () => {
    const count = async (filter: object, as: TokenAs) => {
      const r: any = await h.request(`query($f: PersonFilter) { people(filter: $f) { totalCount __typename } }`, { f: filter }, as);
      expect(r.errors).toBeUndefined();
      return r.data.people.totalCount as number | null;
    };
    for (const filter of [
      { programme: 'DIBAO' },
      { programme: 'TEKUN' },
      { programme: 'MARGINAL' },
      { programme: 'TEKUN', townshipCode: tekunTownship },
      { coveredGroup: 'DIBAO_RECIPIENT' },
      { coveredGroup: 'SEVERE_MENTAL_ILLNESS' },
    ]) {
      const auditor = await count(filter, { role: 'auditor' });
      expect({ filter, auditor: typeof auditor }).toEqual({ filter, auditor: 'number' });
      expect({ filter, analyst: await count(filter, { role: 'analyst' }) }).toEqual({ filter, analyst: null });
    }
    expect(await count({ programme: 'TEKUN' }, { role: 'auditor' })).toBe(enrolled('TEKUN'));
    // the attack: one count per township (first: 0) for a covered group; 0 and 1..k-1 must not differ, nor k and more
    const townships = [...new Set(persons.map((p) => p.townshipCode))].sort();
    const answers: any[] = [];
    for (const t of townships) {
      for (const filter of [{ coveredGroup: 'SEVERE_MENTAL_ILLNESS', townshipCode: t }, { programme: 'TEKUN', townshipCode: t }, { programme: 'DIBAO', townshipCode: t }]) {
        const r: any = await h.request(`query($f: PersonFilter) { people(first: 0, filter: $f) { totalCount } }`, { f: filter }, { role: 'analyst' });
        answers.push(r.data?.people?.totalCount);
      }
    }
    // the townships hold 0, a few and many of them (so the answers could differ) and every answer is null
    const perTownship = townships.flatMap((t) => [enrolled('TEKUN', t), enrolled('DIBAO', t)]);
    expect(perTownship.some((n) => n >= 5)).toBe(true);
    expect(perTownship.some((n) => n < 5)).toBe(true);
    expect(answers).toEqual(answers.map(() => null));
    // through a fragment too
    const f: any = await h.request(`query { people(filter: { programme: DIBAO }) { ...C } } fragment C on PersonConnection { totalCount }`, undefined, { role: 'analyst' });
    expect(f.errors).toBeUndefined();
    expect(enrolled('DIBAO')).toBeGreaterThan(0);
    expect(f.data.people.totalCount).toBeNull();
  }, 120_000);

  it('refuses analysts the rows of a programme or covered group, whatever the data, and no one else', async () => {
    const selections = [
      'totalCount edges { node { id } }',
      'edges { cursor }',
      'pageInfo { endCursor }',
      'pageInfo { hasNextPage }',
      '... on PersonConnection { edges { node { gender } } }',
      '...R',
    ];
    /** the messages, by filter kind and selection: one message each, whatever the township or value of the filter */
    const messages = new Map<string, Set<string>>();
    for (const filter of ['programme: TEKUN', `programme: TEKUN, townshipCode: "${tekunTownship}"`, 'programme: DIBAO, townshipCode: "370281401"', 'coveredGroup: DIBAO_RECIPIENT', 'coveredGroup: SEVERE_MENTAL_ILLNESS']) {
      for (const sel of selections) {
        const q = `query { people(first: 5, filter: { ${filter} }) { ${sel} } }${sel === '...R' ? ' fragment R on PersonConnection { edges { node { id } } }' : ''}`;
        const r: any = await h.request(q, undefined, { role: 'analyst' });
        expect({ q, data: r.data?.people ?? null, code: r.errors?.[0]?.extensions?.code }).toEqual({ q, data: null, code: 'FORBIDDEN' });
        expect(r.errors[0].message).toMatch(/may count .* but not list/);
        const key = `${filter.split(':')[0]} | ${sel}`;
        messages.set(key, (messages.get(key) ?? new Set()).add(r.errors[0].message));
      }
    }
    for (const [key, m] of messages) expect({ key, messages: m.size }).toEqual({ key, messages: 1 });
    // without a programme or covered-group filter, analysts list rows as before
    const plain: any = await h.request(`{ people(first: 5, filter: { townshipCode: "${tekunTownship}" }) { totalCount edges { node { id gender } } } }`, undefined, { role: 'analyst' });
    expect(plain.errors).toBeUndefined();
    expect(plain.data.people.edges).toHaveLength(5);
    // every other role lists the rows of a programme as before
    for (const [who, as] of Object.entries(ROLES).filter(([w]) => w !== 'analyst')) {
      const r: any = await h.request(`{ people(first: 500, filter: { programme: TEKUN }) { totalCount edges { node { id assistanceCategory } } } }`, undefined, as);
      expect({ who, errors: r.errors }).toEqual({ who, errors: undefined });
      expect({ who, rows: r.data.people.edges.length }).toEqual({ who, rows: enrolled('TEKUN') });
      expect(r.data.people.edges.every((e: any) => e.node.assistanceCategory === 'TEKUN')).toBe(true);
    }
    const cw = { role: 'caseworker' as const, township: tekunTownship };
    const r: any = await h.request(`{ people(first: 500, filter: { programme: TEKUN }) { totalCount edges { node { id } } } }`, undefined, cw);
    expect(r.errors).toBeUndefined();
    expect(r.data.people.edges).toHaveLength(enrolled('TEKUN', tekunTownship));
  }, 120_000);

  it('classifies every civil-affairs class the table declares with an outcome for every role', () => {
    for (const c of new Set(civilCoordinates.map(([, v]) => v.class))) {
      const def = DATA_CLASSES[c as DataClass];
      for (const as of Object.values(ROLES)) expect(def.outcomes[matrixRole(asIdentity(as), c as DataClass)]).toBeDefined();
    }
  });
});

/**
 * Single-person coverage that has ended (单人保 then 停保): the collapse follows the overlap of the periods, not the
 * statuses, so an ended DIBAO that overlapped a MARGINAL enrolment is left out for the roles that see health.enrolment
 * collapsed — its dates would show both held at once — and the lists and counts agree.
 */
describe.each(testDatabaseKinds())('ended single-person coverage on %s', (kind) => {
  const small = generatePopulation({ seed: 'ended-single', size: 300 });
  const candidates = small.households.flatMap((hh) => hh.members).filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0);
  const target = candidates[0];
  const other = candidates.find((p) => p.townshipCode === target.townshipCode && p.id !== target.id)!;
  const caseworker: TokenAs = { role: 'caseworker', township: target.townshipCode };
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 300, seed: 'ended-single' });
  }, 300_000);
  afterAll(() => h?.close());

  const record = async (personId: string, programme: string, startDate: string, amount: string) => {
    const r: any = await h.request(
      `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId, programme, startDate, amount } },
      caseworker,
    );
    expect(r.errors).toBeUndefined();
    return r.data.recordEnrolment.id as string;
  };
  const end = async (enrolmentId: string, endDate: string) => {
    const r: any = await h.request(`mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id } }`, { i: { enrolmentId, endDate } }, caseworker);
    expect(r.errors).toBeUndefined();
  };
  const history = async (id: string, as: TokenAs) => {
    const r: any = await h.request(
      `query($id: ID!) { person(id: $id) { assistanceCategory assistanceCategoryHistory { from to category } coveredGroups enrolments { programme status startDate endDate } } }`,
      { id },
      as,
    );
    expect(r.errors).toBeUndefined();
    return r.data.person;
  };
  const listed = async (programme: string, as: TokenAs) => {
    const r: any = await h.request(
      `query($p: CivilAffairsProgramme!, $t: String) { people(first: 500, filter: { programme: $p, townshipCode: $t }) { totalCount edges { node { id } } } }`,
      { p: programme, t: target.townshipCode },
      as,
    );
    expect(r.errors).toBeUndefined();
    return { total: r.data.people.totalCount as number, ids: r.data.people.edges.map((e: any) => e.node.id as string) };
  };

  it('shows no DIBAO of an ended overlapping pair to other departments, the full history to civil affairs and auditors', async () => {
    expect(other).toBeDefined();
    // the target: DIBAO alone in a marginal household (2020-08-14 → 2026-12-01), MARGINAL since 2025-01-01
    const d = await record(target.id, 'DIBAO', '2020-08-14', '100.00');
    await record(target.id, 'MARGINAL', '2025-01-01', '0');
    await end(d, '2026-12-01');
    // the other: DIBAO that ended before MARGINAL began (the income rose), then a new, current DIBAO — no overlap at all
    const d2 = await record(other.id, 'DIBAO', '2020-08-14', '100.00');
    await end(d2, '2024-12-31');
    await record(other.id, 'MARGINAL', '2025-01-01', '0');
    const seesAll = [officer('CIVIL_AFFAIRS'), { role: 'auditor' } as TokenAs, caseworker];
    for (const as of seesAll) {
      const p = await history(target.id, as);
      expect(p.enrolments.map((e: any) => `${e.programme}:${e.status}:${e.startDate}:${e.endDate}`).sort()).toEqual([
        'DIBAO:ENDED:2020-08-14:2026-12-01',
        'MARGINAL:ACTIVE:2025-01-01:null',
      ]);
      expect(p.assistanceCategory).toBe('MARGINAL');
      // the category on each date: DIBAO (before MARGINAL) while it ran, MARGINAL after
      expect(p.assistanceCategoryHistory).toEqual([
        { from: '2020-08-14', to: '2026-12-01', category: 'DIBAO' },
        { from: '2026-12-02', to: null, category: 'MARGINAL' },
      ]);
    }
    for (const as of [officer('JUSTICE'), officer('EDUCATION')]) {
      const p = await history(target.id, as);
      expect({ as, enrolments: p.enrolments }).toEqual({ as, enrolments: [{ programme: 'MARGINAL', status: 'ACTIVE', startDate: '2025-01-01', endDate: null }] });
      expect(p.assistanceCategory).toBe('MARGINAL');
      // the history obeys the same collapse, period by period: the single-person DIBAO is not in it
      expect({ as, history: p.assistanceCategoryHistory }).toEqual({ as, history: [{ from: '2025-01-01', to: null, category: 'MARGINAL' }] });
      // a sequence, not an overlap, is shown whole: the rule is the overlap of the periods
      const q = await history(other.id, as);
      expect(q.enrolments.map((e: any) => e.programme).sort()).toEqual(['DIBAO', 'MARGINAL']);
      expect({ as, history: q.assistanceCategoryHistory }).toEqual({
        as, history: [{ from: '2020-08-14', to: '2024-12-31', category: 'DIBAO' }, { from: '2025-01-01', to: null, category: 'MARGINAL' }],
      });
    }
  }, 120_000);

  it('leaves an active single-person DIBAO overlapping an ended MARGINAL out of the DIBAO filter, its count and its intersection', async () => {
    // a third person: MARGINAL 2024-01-01 → 2025-06-30, DIBAO since 2025-03-01 (overlapping), still active
    const third = candidates.find((p) => p.townshipCode === target.townshipCode && p.id !== target.id && p.id !== other.id)!;
    expect(third).toBeDefined();
    const m = await record(third.id, 'MARGINAL', '2024-01-01', '0');
    await end(m, '2025-06-30');
    await record(third.id, 'DIBAO', '2025-03-01', '100.00');
    const auditorDibao = await listed('DIBAO', { role: 'auditor' });
    expect(auditorDibao.ids).toContain(third.id);
    for (const as of [officer('JUSTICE'), officer('EDUCATION')]) {
      const dib = await listed('DIBAO', as);
      const mar = await listed('MARGINAL', as);
      expect(dib.ids).not.toContain(third.id);
      expect(dib.ids.length).toBe(dib.total);
      expect(dib.total).toBe(auditorDibao.total - 1);
      expect(dib.ids.filter((id: string) => mar.ids.includes(id))).toEqual([]);
      // the persons the DIBAO filter finds are exactly those whose visible enrolments hold an active DIBAO
      const all: any = await h.request(
        `query($t: String) { people(first: 500, filter: { townshipCode: $t }) { edges { node { id enrolments { programme status } } } } }`,
        { t: target.townshipCode },
        as,
      );
      const shown = all.data.people.edges
        .filter((e: any) => e.node.enrolments.some((x: any) => x.programme === 'DIBAO' && x.status === 'ACTIVE'))
        .map((e: any) => e.node.id)
        .sort();
      expect(shown).toEqual([...dib.ids].sort());
      const t: any = await h.request(`query($id: ID!) { person(id: $id) { assistanceCategory coveredGroups } }`, { id: third.id }, as);
      expect(t.data.person.coveredGroups).not.toContain('DIBAO_RECIPIENT');
      const g: any = await h.request(
        `query($t: String) { people(first: 500, filter: { coveredGroup: DIBAO_RECIPIENT, townshipCode: $t }) { totalCount edges { node { id } } } }`,
        { t: target.townshipCode },
        as,
      );
      expect(g.data.people.edges.map((e: any) => e.node.id)).not.toContain(third.id);
      expect(g.data.people.totalCount).toBe(g.data.people.edges.length);
    }
  }, 120_000);
});
