import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildServiceCentreSchema } from './schema';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from './modules/application/application.entity';
import { Initial1796205370152 } from './migrations/1796205370152-initial';
import { Referrals1796300000000 } from './migrations/1796300000000-referrals';
import { Referral } from './modules/referral/referral.entity';
import { PublicNotice } from './modules/notice/notice.entity';
import { PublicNotices1796400000000 } from './migrations/1796400000000-public-notices';
import { ApplicationVerificationRun1796410000000 } from './migrations/1796410000000-application-verification-run';
import { ApplicationCommitment, DishonestyRecord } from './modules/credit/credit.entity';
import { Credit1796500000000 } from './migrations/1796500000000-credit';
import { calendarCoverageWarnings } from './modules/time-limit/calendar';
import { today } from './modules/time-limit/today';

/** 市社会救助综合服务中心（一窗受理平台，隶属市民政局） The service-centre subgraph: applications taken at the townships' single windows (一窗受理), added to Person and Household as `applications`. */
export const serviceCentre: SubgraphDefinition = {
  name: 'service-centre',
  department: 'SOCIAL_ASSISTANCE_CENTRE',
  defaultPort: 4009,
  entities: [AssistanceApplication, ApplicationTransition, ApplicationDocument, HouseholdVisit, Referral, PublicNotice, ApplicationCommitment, DishonestyRecord],
  migrations: [Initial1796205370152, Referrals1796300000000, PublicNotices1796400000000, ApplicationVerificationRun1796410000000, Credit1796500000000],
  buildSchema: buildServiceCentreSchema,
  // loaded only to seed (the demo seed, the population generator)
  seeder: () => import('./seed/seed').then((m) => m.serviceCentreSeeder),
  // a working-day calendar that ends before today + 90 days: a warning at start and on /ready
  readinessWarnings: () => calendarCoverageWarnings(today()),
};
