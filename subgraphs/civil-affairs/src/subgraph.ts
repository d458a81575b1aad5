import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildCivilAffairsSchema } from './schema';
import { Person } from './modules/person/person.entity';
import { Household } from './modules/household/household.entity';
import { Village } from './modules/division/village.entity';
import { Enrolment, PersonCoveredGroup } from './modules/enrolment/enrolment.entity';
import { Initial1764400000000 } from './migrations/1764400000000-initial';
import { NamePrefixIndex1764500000000 } from './migrations/1764500000000-name-prefix-index';
import { RegistryHistory1796220000000 } from './migrations/1796220000000-registry-history';
import { RegistryChange } from './modules/registry/registry-change.entity';
import { HouseholdVerification1796300000000 } from './migrations/1796300000000-household-verification';
import { MemberCircumstance, VerificationItem, VerificationRun } from './modules/verification/verification.entity';
import { CadrePairing, RecipientVisit } from './modules/visit/visit.entity';
import { Visits1796600000000 } from './migrations/1796600000000-visits';
import { ReviewsAndFunds1796410000000 } from './migrations/1796410000000-reviews-and-funds';
import { PaymentBatchKinds1796710000000 } from './migrations/1796710000000-payment-batch-kinds';
import { EnrolmentReview } from './modules/review/review.entity';
import { FundBudget, PaymentBatch, PaymentLine } from './modules/fund/fund.entity';

/**
 * 民政局 The civil-affairs subgraph: owns Person and Household (the registry), the dibao, tekun, marginal and temporary
 * assistance enrolments, and the covered-group tags.
 */
export const civilAffairs: SubgraphDefinition = {
  name: 'civil-affairs',
  department: 'CIVIL_AFFAIRS',
  defaultPort: 4001,
  entities: [Person, Household, Village, Enrolment, PersonCoveredGroup, RegistryChange, VerificationItem, MemberCircumstance, VerificationRun, EnrolmentReview, FundBudget, PaymentBatch, PaymentLine, RecipientVisit, CadrePairing],
  migrations: [Initial1764400000000, NamePrefixIndex1764500000000, RegistryHistory1796220000000, HouseholdVerification1796300000000, ReviewsAndFunds1796410000000, Visits1796600000000, PaymentBatchKinds1796710000000],
  buildSchema: buildCivilAffairsSchema,
  seeder: () => import('./seed/seed').then((m) => m.civilAffairsSeeder),
};
