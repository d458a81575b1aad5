import { Random } from './random';
import { drawGivenName, drawSurname, drawVillageName } from './names';
import { TOWNSHIPS, COUNTY_CODE } from '@aidgraph/common/domain/divisions';
import { makeIdNumber } from '@aidgraph/common/domain/id-number';
import { loadDibaoStandards, dibaoStandardOn, type DibaoStandardTable } from '@aidgraph/common/domain/dibao-standard';
import { Decimal, yuan, type Yuan } from '@aidgraph/common/domain/money';
import { addDays, ageOn } from '@aidgraph/common/domain/dates';

/**
 * The deterministic population of Jiaozhou that every subgraph's demo data and the population generator come from.
 * Same seed and size, same population, on every machine. The generator knows the "true" state of each household
 * (income, disability, illness); each department stores only its own share of it, so the departments agree.
 *
 * The population is as of REFERENCE_DATE, so that ages and dates do not move with the clock.
 */
export const REFERENCE_DATE = '2025-12-31';

export type Gender = 'MALE' | 'FEMALE';
export type Relation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'OTHER';
export type PersonStatus = 'ACTIVE' | 'DECEASED' | 'MOVED_AWAY';
export type Programme = 'DIBAO' | 'TEKUN' | 'MARGINAL' | 'TEMPORARY';

export interface Village {
  code: string;
  name: string;
  townshipCode: string;
  community: boolean;
}

export interface EnrolmentRecord {
  id: string;
  personId: string;
  programme: Programme;
  status: 'ACTIVE' | 'ENDED';
  startDate: string;
  endDate: string | null;
  /** monthly for DIBAO/TEKUN, one-off for TEMPORARY, zero for MARGINAL (a status, not a payment) */
  amount: Yuan;
}

export interface PersonRecord {
  id: string;
  householdId: string;
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  townshipCode: string;
  villageCode: string;
  relation: Relation;
  status: PersonStatus;
  /** date of death or of moving away */
  statusDate: string | null;
  phone: string | null;
  /** age in whole years on REFERENCE_DATE */
  age: number;
  /** latent fact, stored only by the disability federation (a certificate) */
  disability: { category: number; grade: number; since: string } | null;
  /** latent fact, seen by medical (claims) and civil affairs (temporary assistance) */
  seriousIllness: boolean;
  enrolments: EnrolmentRecord[];
  coveredGroups: string[];
}

export interface HouseholdRecord {
  id: string;
  townshipCode: string;
  villageCode: string;
  address: string;
  urban: boolean;
  headId: string;
  members: PersonRecord[];
  /** monthly income per member in yuan (the household economic status verification's figure) */
  perCapitaMonthlyIncome: Yuan;
  assetsWithinRules: boolean;
  category: 'DIBAO' | 'TEKUN' | 'MARGINAL' | 'NONE';
  housing: 'OWNED' | 'RENTED' | 'DILAPIDATED';
}

export interface PopulationOptions {
  seed: string;
  /** number of people to generate, exactly (the last household is cut to fit) */
  size: number;
  standards?: DibaoStandardTable;
}

/** Townships weighted by their share of Jiaozhou's ~900,000 residents (subdistricts are larger). */
const TOWNSHIP_WEIGHTS: Record<string, number> = {
  '370281001': 10, '370281002': 11, '370281004': 8, '370281006': 9, '370281007': 7, '370281008': 7,
  '370281009': 6, '370281010': 5, '370281102': 6, '370281105': 7, '370281108': 7, '370281111': 6,
  '370281400': 6, '370281401': 3,
};

/** Counties where people living in Jiaozhou were first registered (their ID numbers keep that code). */
const OTHER_COUNTIES = ['370211', '370283', '370285', '370214', '370212', '370202', '371102', '370724', '371321', '370829'];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The villages and communities of each township: deterministic for a seed (10-40 per township). */
export function generateVillages(seed: string): Village[] {
  const r = new Random(`${seed}:villages`);
  const out: Village[] = [];
  for (const t of TOWNSHIPS) {
    const n = t.kind === 'subdistrict' ? r.int(18, 40) : t.kind === 'town' ? r.int(25, 40) : r.int(10, 20);
    const used = new Set<string>();
    for (let i = 1; i <= n; i++) {
      const community = t.kind === 'subdistrict' ? r.chance(0.6) : r.chance(0.15);
      let name = drawVillageName(r, community);
      while (used.has(name)) name = drawVillageName(r, community);
      used.add(name);
      out.push({ code: t.code + String(i + (community ? 0 : 200)).padStart(3, '0'), name, townshipCode: t.code, community });
    }
  }
  return out;
}

type Shape = 'couple_children' | 'three_gen' | 'elderly_couple' | 'single_elderly' | 'single_adult' | 'single_parent' | 'couple';
const SHAPES: Shape[] = ['couple_children', 'three_gen', 'elderly_couple', 'single_elderly', 'single_adult', 'single_parent', 'couple'];
const SHAPE_WEIGHTS = [38, 18, 16, 10, 9, 5, 4];

const DISABILITY_CATEGORIES = [1, 2, 3, 4, 5, 6, 7];
const DISABILITY_CATEGORY_WEIGHTS = [12, 20, 1, 30, 7, 8, 6];
const GRADES = [1, 2, 3, 4];
const GRADE_WEIGHTS = [12, 25, 30, 33];

/** True when a disability makes a person unable to work for 特困 purposes (grade 1-3 intellectual/mental, 1-2 physical, 1 visual). */
export function disabilityPreventsWork(d: { category: number; grade: number } | null): boolean {
  if (!d) return false;
  if (d.category === 5 || d.category === 6) return d.grade <= 3;
  if (d.category === 4) return d.grade <= 2;
  if (d.category === 1) return d.grade === 1;
  if (d.category === 7) return d.grade <= 2;
  return false;
}

/**
 * Generate the population household by household (a generator, so a million people need not sit in memory at once).
 */
export function* generateHouseholds(o: PopulationOptions): Generator<HouseholdRecord> {
  const r = new Random(`${o.seed}:households`);
  const standards = o.standards ?? loadDibaoStandards();
  const standard = new Decimal(dibaoStandardOn(standards, REFERENCE_DATE)!.urban);
  const marginalLimit = standard.times(standards.marginalMultiple);
  const villages = generateVillages(o.seed);
  const villagesByTownship = new Map<string, Village[]>();
  for (const v of villages) villagesByTownship.set(v.townshipCode, [...(villagesByTownship.get(v.townshipCode) ?? []), v]);
  const townshipCodes = TOWNSHIPS.map((t) => t.code);
  const townshipWeights = townshipCodes.map((c) => TOWNSHIP_WEIGHTS[c] ?? 5);
  const usedSequences = new Map<string, Set<number>>();
  const refYear = Number(REFERENCE_DATE.slice(0, 4));

  const idNumberFor = (address: string, birthDate: string, gender: Gender): string => {
    const key = address + birthDate;
    let used = usedSequences.get(key);
    if (!used) usedSequences.set(key, (used = new Set()));
    for (;;) {
      let seq = r.int(1, 999);
      if ((seq % 2 === 1) !== (gender === 'MALE')) seq = seq === 999 ? 998 : seq + 1;
      if (!used.has(seq)) {
        used.add(seq);
        return makeIdNumber(address, birthDate, seq);
      }
    }
  };
  const birthDateFor = (age: number): string => {
    const start = new Date(Date.UTC(refYear - age - 1, 11, 31));
    start.setUTCDate(start.getUTCDate() + 1 + r.int(0, 364));
    return isoDate(start);
  };

  let produced = 0;
  while (produced < o.size) {
    const householdId = r.uuid();
    const townshipCode = r.weighted(townshipCodes, townshipWeights);
    const village = r.pick(villagesByTownship.get(townshipCode)!);
    const shape = r.weighted(SHAPES, SHAPE_WEIGHTS);
    const surname = drawSurname(r);
    const registeredElsewhere = r.chance(0.12);
    const homeCounty = registeredElsewhere ? r.pick(OTHER_COUNTIES) : COUNTY_CODE;

    const specs: { relation: Relation; age: number; gender: Gender; surname: string }[] = [];
    const headGender: Gender = r.chance(0.78) ? 'MALE' : 'FEMALE';
    const other = (g: Gender): Gender => (g === 'MALE' ? 'FEMALE' : 'MALE');
    const adult = (lo: number, hi: number) => r.int(lo, hi);
    const children = (parentAge: number, max: number) => {
      const n = r.weighted([1, 2, 3], [55, 38, 7]);
      for (let i = 0; i < Math.min(n, max); i++) {
        const age = Math.max(0, Math.min(parentAge - 21, r.int(0, Math.max(0, parentAge - 22))));
        specs.push({ relation: 'CHILD', age, gender: r.chance(0.52) ? 'MALE' : 'FEMALE', surname });
      }
    };
    switch (shape) {
      case 'couple_children': {
        const a = adult(26, 55);
        specs.push({ relation: 'HEAD', age: a, gender: headGender, surname });
        specs.push({ relation: 'SPOUSE', age: Math.max(20, a + r.int(-4, 3)), gender: other(headGender), surname: drawSurname(r) });
        children(a, 3);
        break;
      }
      case 'three_gen': {
        const a = adult(32, 56);
        specs.push({ relation: 'HEAD', age: a, gender: headGender, surname });
        specs.push({ relation: 'SPOUSE', age: Math.max(22, a + r.int(-4, 3)), gender: other(headGender), surname: drawSurname(r) });
        children(a, 2);
        const p = a + r.int(24, 32);
        specs.push({ relation: 'PARENT', age: Math.min(p, 99), gender: r.chance(0.6) ? 'FEMALE' : 'MALE', surname });
        if (r.chance(0.5)) specs.push({ relation: 'PARENT', age: Math.min(p + r.int(-3, 4), 99), gender: 'MALE', surname });
        break;
      }
      case 'elderly_couple': {
        const a = adult(60, 88);
        specs.push({ relation: 'HEAD', age: a, gender: 'MALE', surname });
        specs.push({ relation: 'SPOUSE', age: Math.max(58, a + r.int(-5, 2)), gender: 'FEMALE', surname: drawSurname(r) });
        break;
      }
      case 'single_elderly':
        specs.push({ relation: 'HEAD', age: adult(60, 95), gender: r.chance(0.62) ? 'FEMALE' : 'MALE', surname });
        break;
      case 'single_adult':
        specs.push({ relation: 'HEAD', age: adult(20, 59), gender: r.chance(0.6) ? 'MALE' : 'FEMALE', surname });
        break;
      case 'single_parent': {
        const a = adult(26, 52);
        specs.push({ relation: 'HEAD', age: a, gender: r.chance(0.7) ? 'FEMALE' : 'MALE', surname });
        children(a, 2);
        break;
      }
      case 'couple': {
        const a = adult(22, 40);
        specs.push({ relation: 'HEAD', age: a, gender: headGender, surname });
        specs.push({ relation: 'SPOUSE', age: Math.max(20, a + r.int(-3, 3)), gender: other(headGender), surname: drawSurname(r) });
        break;
      }
    }

    // the last household holds exactly the people still wanted (its head first, the others in order), so a size of N
    // gives exactly N people, whatever the households' sizes
    if (specs.length > o.size - produced) specs.length = o.size - produced;

    const members: PersonRecord[] = specs.map((s) => {
      const birthDate = birthDateFor(s.age);
      const county = s.relation === 'CHILD' && s.age < 18 && r.chance(0.7) ? COUNTY_CODE : r.chance(0.9) ? homeCounty : r.pick(OTHER_COUNTIES);
      const disabilityChance = s.age < 18 ? 0.015 : s.age < 60 ? 0.035 : 0.11;
      const disability = r.chance(disabilityChance)
        ? {
            category: r.weighted(DISABILITY_CATEGORIES, DISABILITY_CATEGORY_WEIGHTS),
            grade: r.weighted(GRADES, GRADE_WEIGHTS),
            since: addDays(birthDate, r.int(0, Math.max(1, s.age * 365))),
          }
        : null;
      return {
        id: r.uuid(),
        householdId,
        idNumber: idNumberFor(county, birthDate, s.gender),
        name: s.surname + drawGivenName(r, s.gender),
        gender: s.gender,
        birthDate,
        townshipCode,
        villageCode: village.code,
        relation: s.relation,
        status: 'ACTIVE' as PersonStatus,
        statusDate: null,
        phone: s.age >= 16 && r.chance(0.85) ? `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999999999)).padStart(9, '0')}` : null,
        age: s.age,
        disability,
        seriousIllness: r.chance(s.age >= 60 ? 0.04 : s.age >= 18 ? 0.015 : 0.005),
        enrolments: [],
        coveredGroups: [],
      };
    });

    // household economics: lower incomes for the elderly and for households with disability or illness
    const elderlyOnly = members.every((m) => m.age >= 60);
    let median = elderlyOnly ? 1900 : 3400;
    if (members.some((m) => m.disability && m.disability.grade <= 2)) median *= 0.7;
    if (members.some((m) => m.seriousIllness)) median *= 0.8;
    const perCapita = new Decimal(Math.max(0, Math.exp(r.normal(Math.log(median), 0.62)))).toDecimalPlaces(0);
    const assetsWithinRules = r.chance(0.55);
    let category: HouseholdRecord['category'] = 'NONE';
    if (assetsWithinRules && perCapita.lessThan(standard)) category = 'DIBAO';
    else if (assetsWithinRules && perCapita.lessThan(marginalLimit)) category = 'MARGINAL';

    const start = addDays('2020-07-01', r.int(0, 1800));
    // a member born after the household's start is enrolled from the day of birth (no enrolment starts before birth)
    const fromBirth = (p: PersonRecord, date: string) => (date < p.birthDate ? p.birthDate : date);
    const enrol = (p: PersonRecord, programme: Programme, amount: Yuan, startDate = start) =>
      p.enrolments.push({ id: r.uuid(), personId: p.id, programme, status: 'ACTIVE', startDate: fromBirth(p, startDate), endDate: null, amount });

    if (category === 'DIBAO') {
      const single = members.length === 1 ? members[0] : null;
      const tekunEligible = (p: PersonRecord) => p.age >= 60 || p.age < 18 || disabilityPreventsWork(p.disability);
      if (single && tekunEligible(single) && r.chance(0.6)) {
        category = 'TEKUN';
        enrol(single, 'TEKUN', yuan(standard.times(1.3)));
      } else {
        const amount = yuan(standard.minus(perCapita));
        for (const m of members) enrol(m, 'DIBAO', amount);
      }
    } else if (category === 'MARGINAL') {
      for (const m of members) enrol(m, 'MARGINAL', '0.00');
      // 单人保: in a marginal household a person with a grade 1-2 disability (or grade 3 intellectual/mental) or a
      // grave illness may be covered by dibao alone
      for (const m of members) {
        const severe = m.disability && (m.disability.grade <= 2 || (m.disability.grade === 3 && [5, 6].includes(m.disability.category)));
        if (severe || m.seriousIllness) enrol(m, 'DIBAO', yuan(standard.minus(perCapita.dividedBy(2)).greaterThan(0) ? standard.minus(perCapita.dividedBy(2)) : standard.dividedBy(4)));
      }
    } else if (r.chance(0.01)) {
      // a household that left dibao when its income rose
      const end = addDays(start, r.int(90, 700));
      if (end < REFERENCE_DATE)
        for (const m of members) {
          // the draws in the same order whether or not the member is enrolled (the rest of the population stays the same)
          const id = r.uuid();
          const amount = yuan(r.int(150, 600));
          if (fromBirth(m, start) <= end) m.enrolments.push({ id, personId: m.id, programme: 'DIBAO', status: 'ENDED', startDate: fromBirth(m, start), endDate: end, amount });
        }
    }
    const ill = members.find((m) => m.seriousIllness);
    if (ill && category !== 'NONE' && r.chance(0.5)) {
      const d = fromBirth(ill, addDays('2023-01-01', r.int(0, 1090)));
      ill.enrolments.push({ id: r.uuid(), personId: ill.id, programme: 'TEMPORARY', status: 'ENDED', startDate: d, endDate: d, amount: yuan(r.int(5, 30) * 100) });
    }

    // covered groups (救助对象) of the policy
    const disaster = r.chance(0.003);
    for (const m of members) {
      const g = m.coveredGroups;
      const active = (p: Programme) => m.enrolments.some((e) => e.programme === p && e.status === 'ACTIVE');
      if (active('DIBAO')) g.push('DIBAO_RECIPIENT');
      if (active('TEKUN')) g.push('TEKUN_PERSON');
      if (m.disability && category !== 'NONE') g.push('DISABLED_IN_DIFFICULTY');
      if (m.disability?.category === 6 && m.disability.grade <= 2) g.push('SEVERE_MENTAL_ILLNESS');
      if (m.disability && m.age < 14 && (m.disability.category === 4 || m.disability.category === 7)) g.push('CLEFT_OR_CEREBRAL_PALSY_CHILD');
      if (m.age < 18 && category !== 'NONE' && shape === 'single_parent') g.push('ORPHAN_OR_CHILD_IN_DIFFICULTY');
      if (category === 'DIBAO' && r.chance(0.1)) g.push('REGISTERED_POOR');
      if (m.gender === 'FEMALE' && m.seriousIllness && category !== 'NONE' && m.age >= 35) g.push('TWO_CANCERS_POOR_WOMAN');
      if (category === 'MARGINAL' && m.age >= 18 && m.age < 60 && r.chance(0.2)) g.push('WORKER_IN_DIFFICULTY');
      if (disaster) g.push('DISASTER_VICTIM');
    }

    // a few have died or moved away; their enrolments end on that date
    for (const m of members) {
      const p = m.age >= 75 ? 0.02 : m.age >= 60 ? 0.006 : 0.001;
      if (r.chance(p)) {
        m.status = 'DECEASED';
        m.statusDate = addDays('2024-01-01', r.int(0, 720));
      } else if (m.age >= 18 && r.chance(0.008)) {
        m.status = 'MOVED_AWAY';
        m.statusDate = addDays('2023-01-01', r.int(0, 1090));
      }
      if (m.statusDate)
        for (const e of m.enrolments)
          if (e.status === 'ACTIVE') {
            e.status = 'ENDED';
            e.endDate = m.statusDate < e.startDate ? e.startDate : m.statusDate;
          }
    }

    const housing: HouseholdRecord['housing'] =
      !village.community && category !== 'NONE' && r.chance(0.25) ? 'DILAPIDATED' : r.chance(village.community ? 0.2 : 0.05) ? 'RENTED' : 'OWNED';
    yield {
      id: householdId,
      townshipCode,
      villageCode: village.code,
      address: `${TOWNSHIPS.find((t) => t.code === townshipCode)!.name}${village.name}${r.int(1, 300)}号`,
      urban: village.community,
      headId: members[0].id,
      members,
      perCapitaMonthlyIncome: yuan(perCapita),
      assetsWithinRules,
      category,
      housing,
    };
    produced += members.length;
  }
}

/** The whole population in memory (fine up to a few hundred thousand people; use generateHouseholds beyond). */
export function generatePopulation(o: PopulationOptions): { villages: Village[]; households: HouseholdRecord[] } {
  return { villages: generateVillages(o.seed), households: [...generateHouseholds(o)] };
}

