import { defineFundUse, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { DisabilityCertificate } from '../disability-certificate/disability-certificate.entity';
import { DisabilityCategory, DisabilityCertificateStatus, DisabilityGrade } from '../disability-certificate/disability-certificate.enums';
import { DisabilitySubsidy } from '../disability-subsidy/disability-subsidy.entity';
import { DisabilitySubsidyKind, DisabilitySubsidyStatus } from '../disability-subsidy/disability-subsidy.enums';
import { RehabilitationService } from '../rehabilitation-service/rehabilitation-service.entity';
import { RehabilitationProgramme, RehabilitationServiceKind, RehabilitationServiceStatus } from '../rehabilitation-service/rehabilitation-service.enums';

// health.disability: the federation's officers (other departments' officers get FORBIDDEN, as for the records)
const OFFICERS = ['DISABLED_PERSONS_FEDERATION'];

/** 残疾证统计 Disability certificates (Query.disabilityCertificateStatistics). */
export const disabilityCertificateStatistics = defineStatistics({
  name: 'disabilityCertificate',
  records: '残疾证 disability certificates',
  entity: DisabilityCertificate,
  person: 'personId',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    CATEGORY: dim.enumOf('category', DisabilityCategory, '残疾类别 The category of disability.'),
    GRADE: dim.enumOf('grade', DisabilityGrade, '残疾等级 The grade of disability.'),
    STATUS: dim.enumOf('status', DisabilityCertificateStatus, '状态 The certificate\'s status.'),
    ISSUED_YEAR: dim.year('issuedOn', '发证年份 The year of issue.'),
  },
});

/** 残疾人补贴统计 Disability subsidies (Query.disabilitySubsidyStatistics): amount sums the monthly amounts on record. */
export const disabilitySubsidyStatistics = defineStatistics({
  name: 'disabilitySubsidy',
  records: '残疾人两项补贴 disability subsidies',
  entity: DisabilitySubsidy,
  person: 'personId',
  amount: 'monthlyAmount',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    KIND: dim.enumOf('kind', DisabilitySubsidyKind, '补贴类别 The subsidy (living or nursing).'),
    STATUS: dim.enumOf('status', DisabilitySubsidyStatus, '状态 The subsidy\'s status.'),
    START_YEAR: dim.year('startDate', '开始年份 The year the subsidy started.'),
  },
});

/** 康复服务统计 Rehabilitation services (Query.rehabilitationStatistics). */
export const rehabilitationStatistics = defineStatistics({
  name: 'rehabilitation',
  records: '康复服务 rehabilitation services',
  entity: RehabilitationService,
  person: 'personId',
  amount: 'amount',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    PROGRAMME: dim.enumOf('programme', RehabilitationProgramme, '康复项目 The rehabilitation programme.'),
    KIND: dim.enumOf('kind', RehabilitationServiceKind, '服务类别 The kind of service.'),
    STATUS: dim.enumOf('status', RehabilitationServiceStatus, '状态 The service\'s status.'),
    START_YEAR: dim.year('startDate', '开始年份 The year the service started.'),
  },
});

/** 资金使用 The federation's fund use (Query.disabilityFundUse): subsidies monthly while in force, rehabilitation once in its start month (not cancelled). */
export const disabilityFundUse = defineFundUse({
  name: 'disability',
  programmes: 'LIVING and NURSING subsidies monthly, REHABILITATION one-off in the month it starts',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: OFFICERS,
  sources: [
    { entity: DisabilitySubsidy, person: 'personId', programme: { column: 'kind', codes: Object.values(DisabilitySubsidyKind) }, payment: { monthly: { amount: 'monthlyAmount', start: 'startDate', end: 'endDate' } } },
    {
      entity: RehabilitationService,
      person: 'personId',
      programme: { value: 'REHABILITATION' },
      payment: { oneOff: { amount: 'amount', date: 'startDate' } },
      where: (ref) => ({ sql: `${ref('status')} <> :cancelled`, params: { cancelled: RehabilitationServiceStatus.CANCELLED } }),
    },
  ],
});

export const disabilityStatisticsResolvers = [
  ...disabilityCertificateStatistics.resolvers, ...disabilitySubsidyStatistics.resolvers, ...rehabilitationStatistics.resolvers, ...disabilityFundUse.resolvers,
];
