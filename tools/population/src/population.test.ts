import crypto from 'node:crypto';
import { generatePopulation, disabilityPreventsWork, REFERENCE_DATE } from './population';
import { parseIdNumber } from '@aidgraph/common/domain/id-number';
import { TOWNSHIPS } from '@aidgraph/common/domain/divisions';

const digest = (seed: string, size: number) => crypto.createHash('sha256').update(JSON.stringify(generatePopulation({ seed, size }))).digest('hex');

describe('the deterministic population', () => {
  const pop = generatePopulation({ seed: 'population-test', size: 5000 });
  const persons = pop.households.flatMap((h) => h.members);

  it.each([50, 51, 53, 997, 2400, 2401, 5000, 10_007])('size %i gives exactly that many people (the last household cut to fit)', (size) => {
    const { households } = generatePopulation({ seed: `exact-${size}`, size });
    expect(households.reduce((n, h) => n + h.members.length, 0)).toBe(size);
    const last = households[households.length - 1];
    expect(last.members.length).toBeGreaterThanOrEqual(1);
    expect(last.members[0].relation).toBe('HEAD');
    expect(last.headId).toBe(last.members[0].id);
  });

  it('cuts only the last household: a larger size starts with the same households', () => {
    const small = generatePopulation({ seed: 'prefix', size: 1001 }).households;
    const large = generatePopulation({ seed: 'prefix', size: 3000 }).households;
    expect(large.slice(0, small.length - 1)).toEqual(small.slice(0, -1));
  });

  it('is identical for the same seed and size, and differs for another seed', () => {
    expect(digest('s1', 800)).toBe(digest('s1', 800));
    expect(digest('s1', 800)).not.toBe(digest('s2', 800));
  });

  it('has every ID number valid, unique and consistent with the person', () => {
    const seen = new Set<string>();
    for (const p of persons) {
      const r = parseIdNumber(p.idNumber, new Date(`${REFERENCE_DATE}T00:00:00Z`));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.value.birthDate).toBe(p.birthDate);
      expect(r.value.gender).toBe(p.gender);
      expect(seen.has(p.idNumber)).toBe(false);
      seen.add(p.idNumber);
    }
    const local = persons.filter((p) => p.idNumber.startsWith('370281')).length / persons.length;
    expect(local).toBeGreaterThan(0.75);
    expect(local).toBeLessThan(0.98);
  });

  it('covers all fourteen townships and gives households a head', () => {
    expect(new Set(pop.households.map((h) => h.townshipCode))).toEqual(new Set(TOWNSHIPS.map((t) => t.code)));
    for (const h of pop.households) {
      expect(h.members[0].relation).toBe('HEAD');
      expect(h.headId).toBe(h.members[0].id);
      for (const m of h.members) expect(m.villageCode.slice(0, 9)).toBe(h.townshipCode);
    }
  });

  it('gives tekun only to people who meet its conditions, and dibao below the standard', () => {
    for (const h of pop.households) {
      for (const m of h.members) {
        for (const e of m.enrolments) {
          if (e.programme === 'TEKUN') {
            expect(h.members).toHaveLength(1);
            expect(m.age >= 60 || m.age < 18 || disabilityPreventsWork(m.disability)).toBe(true);
            expect(h.category).toBe('TEKUN');
          }
          if (e.programme === 'DIBAO' && e.status === 'ACTIVE') expect(['DIBAO', 'MARGINAL']).toContain(h.category);
        }
      }
    }
    const rate = persons.filter((p) => p.enrolments.some((e) => e.programme === 'DIBAO' && e.status === 'ACTIVE')).length / persons.length;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.08);
  });

  it('starts no enrolment before its person\'s birth (a child born into an assisted household: from the day of birth)', () => {
    const early = persons.flatMap((p) => p.enrolments.filter((e) => e.startDate < p.birthDate).map((e) => [p.birthDate, e.programme, e.startDate]));
    expect(early).toEqual([]);
    // and such children are there: enrolled from their birth, after their household
    expect(persons.some((p) => p.enrolments.some((e) => e.startDate === p.birthDate && e.programme !== 'TEMPORARY'))).toBe(true);
  });
});
