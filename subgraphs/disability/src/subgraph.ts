import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildDisabilitySchema } from './schema';
import { DisabilityCertificate } from './modules/disability-certificate/disability-certificate.entity';
import { RehabilitationService } from './modules/rehabilitation-service/rehabilitation-service.entity';
import { DisabilitySubsidy } from './modules/disability-subsidy/disability-subsidy.entity';
import { Initial1764500000000 } from './migrations/1764500000000-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

/**
 * 市残联 The disabled persons' federation's subgraph: disability certificates, rehabilitation assistance (康复救助) and
 * the two disability subsidies, added to Person as `disabilityCertificates`, `rehabilitationServices` and
 * `disabilitySubsidies`.
 */
export const disability: SubgraphDefinition = {
  name: 'disability',
  department: 'DISABLED_PERSONS_FEDERATION',
  defaultPort: 4005,
  entities: [DisabilityCertificate, RehabilitationService, DisabilitySubsidy, ReferralDecision],
  migrations: [Initial1764500000000, ReferralDecisions1796300000000],
  buildSchema: buildDisabilitySchema,
  // its own demo rows, and decisions on the demo referrals to DISABLED_PERSONS_FEDERATION (the kit's referral/demo.ts): loaded only to seed
  seeder: withDemoReferrals(() => import('./seed/seed').then((m) => m.disabilitySeeder), { department: 'DISABLED_PERSONS_FEDERATION', records: [RehabilitationService] }),
};
