import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { dibaoStandards, enrolmentLimits } from './modules/enrolment/enrolment.limits';
import { PersonResolver, personReference } from './modules/person/person.resolver';
import { HouseholdResolver, householdReference } from './modules/household/household.resolver';
import { EnrolmentResolver } from './modules/enrolment/enrolment.resolver';
import { DivisionResolver } from './modules/division/division.resolver';
import { HouseholdVerificationResolver, VerificationItemResolver, VerificationResolver, VerificationRunResolver, verificationRunReference } from './modules/verification/verification.resolver';
import { verificationLimits } from './modules/verification/verification.standards';
import { PublicNoticeResolver, PublicNoticeStub, publicNoticeReference } from './modules/notice/public-notice';
import { HouseholdHistoryResolver, PersonHistoryResolver, RegistryChangeResolver, RegistryResolver } from './modules/registry/registry.resolver';
import { civilAffairsStatisticsResolvers } from './modules/statistics/statistics';
import { HouseholdVisitDueResolver, HouseholdVisitResolver } from './modules/visit/visit.resolver';
import { visitIntervals } from './modules/visit/visit.policy';
import { EnrolmentReviewFieldsResolver, EnrolmentReviewResolver } from './modules/review/review.resolver';
import { phaseOutMonths } from './modules/review/review.rules';
import { EnrolmentPaymentsResolver, FundBudgetResolver, FundSpendingResolver, PaymentBatchResolver, PaymentLineResolver } from './modules/fund/fund.resolver';

/** The civil-affairs subgraph's federated schema and SDL. */
export function buildCivilAffairsSchema() {
  // the enrolment limits and the dibao standards: a bad ENROLMENT_LIMITS_FILE or DIBAO_STANDARDS_FILE stops the start
  enrolmentLimits.get();
  dibaoStandards();
  // the verification limits (VERIFICATION_STANDARDS_FILE): a bad file stops the start
  verificationLimits.get();
  // the visit intervals (VISIT_INTERVAL_DIBAO_DAYS, VISIT_INTERVAL_TEKUN_DAYS): a bad value stops the start
  visitIntervals();
  // the phase-out length (DIBAO_PHASE_OUT_MONTHS): a bad value stops the start
  phaseOutMonths();
  return buildFederatedSchema({
    subgraph: 'civil-affairs',
    resolvers: [PersonResolver, HouseholdResolver, EnrolmentResolver, DivisionResolver, RegistryResolver, PersonHistoryResolver, HouseholdHistoryResolver, RegistryChangeResolver,
      VerificationResolver, VerificationRunResolver, VerificationItemResolver, HouseholdVerificationResolver, PublicNoticeResolver, ...civilAffairsStatisticsResolvers, HouseholdVisitResolver, HouseholdVisitDueResolver,
      EnrolmentReviewFieldsResolver, EnrolmentReviewResolver, FundBudgetResolver, FundSpendingResolver, PaymentBatchResolver, PaymentLineResolver, EnrolmentPaymentsResolver],
    orphanedTypes: [PublicNoticeStub],
    referenceResolvers: { Person: personReference, Household: householdReference, PublicNotice: publicNoticeReference, VerificationRun: verificationRunReference },
  });
}
