import { AGE_BANDS, ageBandReferenceDate, defineFundUse, defineStatistics, statisticsDimension as dim, type StatisticsDimension } from '@aidgraph/subgraph-kit';
import { Person } from '../person/person.entity';
import { Household } from '../household/household.entity';
import { Enrolment } from '../enrolment/enrolment.entity';
import { PaymentLine } from '../fund/fund.entity';
import { AgeBand, AmountPeriod, CivilAffairsProgramme, EnrolmentStatus, Gender, PersonStatus } from '../common/enums';

/** The day `years` years before the age bands' reference date (1 January of the clock's year): a person born after it is younger than `years` on it. */
function yearsBeforeReference(years: number): string {
  const r = ageBandReferenceDate();
  return `${Number(r.slice(0, 4)) - years}${r.slice(4)}`;
}

/**
 * 年龄段 The age band as of 1 January of the clock's current year, from the birth date (exactly as Person.ageBand, whose
 * reference date it shares: ageBandReferenceDate): computed in SQL against that day's cut-off dates, so no band moves
 * on a birthday.
 */
const AGE_BAND: StatisticsDimension = {
  kind: 'enum',
  enum: AgeBand,
  description: '年龄段 The age band as of 1 January of the current year (as Person.ageBand; from the birth date, never the date itself; bands move on 1 January only, never on a birthday).',
  sql: (ref) => {
    const [, b18, b40, b60] = AGE_BANDS.map((b) => b.from);
    return {
      sql: `CASE WHEN ${ref('birthDate')} > :ageCut18 THEN '${AGE_BANDS[0].code}' WHEN ${ref('birthDate')} > :ageCut40 THEN '${AGE_BANDS[1].code}' WHEN ${ref('birthDate')} > :ageCut60 THEN '${AGE_BANDS[2].code}' ELSE '${AGE_BANDS[3].code}' END`,
      params: { ageCut18: yearsBeforeReference(b18), ageCut40: yearsBeforeReference(b40), ageCut60: yearsBeforeReference(b60) },
    };
  },
};

const OFFICERS = ['CIVIL_AFFAIRS', 'SOCIAL_ASSISTANCE_CENTRE'];

/** 人员统计 The registry's people (Query.personStatistics). */
export const personStatistics = defineStatistics({
  name: 'person',
  records: '户籍人员 registered people',
  entity: Person,
  person: 'id',
  personIsKey: true,
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township('townshipCode', '乡镇 The township of the person\'s registration.'),
    VILLAGE: dim.village(),
    GENDER: dim.enumOf('gender', Gender, '性别 Gender.'),
    AGE_BAND: AGE_BAND,
    STATUS: { ...dim.enumOf('status', PersonStatus, '人员状态 Registry status. FORBIDDEN to analysts (class quasi.fine: a death in a village is known to neighbours).'), deniedTo: ['analyst'] },
  },
});

/** 家庭统计 The registry's households (Query.householdStatistics): people = households (one head each). */
export const householdStatistics = defineStatistics({
  name: 'household',
  records: '家庭 registered households',
  entity: Household,
  person: 'headId',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    VILLAGE: dim.village(),
    URBAN: dim.boolean('urban', '城乡 True for an urban household (the urban dibao standard applies).'),
  },
});

/** 救助统计 Civil-affairs enrolments (Query.enrolmentStatistics): amounts are per programme's period (monthly, one-off, 0). */
export const enrolmentStatistics = defineStatistics({
  name: 'enrolment',
  records: '民政救助 civil-affairs enrolments (dibao, tekun, marginal, temporary)',
  entity: Enrolment,
  person: 'personId',
  amount: 'amount',
  // raw enrolments (TEMPORARY, single-person DIBAO within a MARGINAL household): class health.enrolment, which every
  // department but civil affairs sees collapsed (it reveals a grave illness or a disability); so civil-affairs officers
  // only among department officers (the service centre included: it sees enrolments collapsed too)
  departments: ['CIVIL_AFFAIRS'],
  note: 'amount sums the amounts on record: a month\'s amount for DIBAO and TEKUN, the one-off amount for TEMPORARY, 0 for MARGINAL (what was paid over time: civilAffairsFundUse).',
  dimensions: {
    TOWNSHIP: dim.township(),
    PROGRAMME: dim.enumOf('programme', CivilAffairsProgramme, '救助项目 The programme.'),
    STATUS: dim.enumOf('status', EnrolmentStatus, '救助状态 The enrolment\'s status.'),
    START_YEAR: dim.year('startDate', '开始年份 The year the assistance started.'),
    START_MONTH: dim.month('startDate', '开始月份 The month the assistance started (YYYY-MM).'),
  },
});

/**
 * 资金使用 Civil affairs' fund use (Query.civilAffairsFundUse): DIBAO and TEKUN what the payment batches paid — each
 * payment line (regular and supplementary batches, 补发) its amount in its month, its township and its person, the one
 * source of what was paid (as fundSpending) —, MARGINAL 0 (recipients counted, from the enrolments in force), TEMPORARY
 * its one-off amount in the month it starts.
 */
export const civilAffairsFundUse = defineFundUse({
  name: 'civilAffairs',
  programmes: 'DIBAO and TEKUN: the lines of the monthly payment batches, regular and supplementary (补发), each in its month; MARGINAL 0; TEMPORARY one-off in the month it starts',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: OFFICERS,
  sources: [
    {
      entity: PaymentLine,
      person: 'personId',
      // the batches pay DIBAO and TEKUN (every programme declared: the full grid's rows are the union of the sources')
      programme: { column: 'programme', codes: Object.values(CivilAffairsProgramme) },
      // one line per programme, month and person (payment_line_person_month_uq): recipients are the lines
      payment: { oneOff: { amount: 'amount', date: 'month', columnKind: 'month', onePerPersonAndMonth: true } },
    },
    {
      entity: Enrolment,
      person: 'personId',
      programme: { column: 'programme', codes: Object.values(CivilAffairsProgramme) },
      payment: { monthly: { amount: 'amount', start: 'startDate', end: 'endDate' } },
      where: (ref) => ({ sql: `${ref('amountPeriod')} = :nonePeriod`, params: { nonePeriod: AmountPeriod.NONE } }),
    },
    {
      entity: Enrolment,
      person: 'personId',
      programme: { column: 'programme', codes: Object.values(CivilAffairsProgramme) },
      payment: { oneOff: { amount: 'amount', date: 'startDate' } },
      where: (ref) => ({ sql: `${ref('amountPeriod')} = :oneOffPeriod`, params: { oneOffPeriod: AmountPeriod.ONE_OFF } }),
    },
  ],
});

export const civilAffairsStatisticsResolvers = [
  ...personStatistics.resolvers, ...householdStatistics.resolvers, ...enrolmentStatistics.resolvers, ...civilAffairsFundUse.resolvers,
];
