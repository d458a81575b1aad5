import { buildFederatedSchema, dibaoStandardsTable, enrolmentLimits } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { HouseholdStub, householdStubReference } from './modules/household/household.stub';
import { AssistanceApplicationResolver } from './modules/application/application.resolver';
import { PersonServiceCentreResolver } from './modules/person/person.resolver';
import { HouseholdServiceCentreResolver } from './modules/household/household.resolver';
import { ApplicationReferralsResolver, ReferralResolver, referralReference } from './modules/referral/referral.resolver';
import { timeLimitResolvers } from './modules/time-limit/time-limit.resolver';
import { referralDepartments } from './modules/referral/referral.service';
import { PublicNoticeResolver, publicNoticeReference } from './modules/notice/notice.resolver';
import { applicationStatistics } from './modules/statistics/statistics';
import { ApplicationCommitmentResolver, ApplicationCreditResolver, DishonestyRecordResolver } from './modules/credit/credit.resolver';

/** The service-centre subgraph's federated schema and SDL. */
export function buildServiceCentreSchema() {
  referralDepartments(); // a bad REFERRAL_DEPARTMENTS stops the start with every problem listed
  // the limits of public-notice amounts (preliminaryDecision): a bad ENROLMENT_LIMITS_FILE or DIBAO_STANDARDS_FILE stops the start
  enrolmentLimits.get();
  dibaoStandardsTable();
  return buildFederatedSchema({
    subgraph: 'service-centre',
    resolvers: [AssistanceApplicationResolver, PersonServiceCentreResolver, HouseholdServiceCentreResolver, ReferralResolver, ApplicationReferralsResolver, PublicNoticeResolver, ...timeLimitResolvers(), ...applicationStatistics.resolvers,
      ApplicationCreditResolver, DishonestyRecordResolver, ApplicationCommitmentResolver],
    orphanedTypes: [PersonStub, HouseholdStub],
    referenceResolvers: { Person: personStubReference, Household: householdStubReference, Referral: referralReference, PublicNotice: publicNoticeReference },
  });
}
