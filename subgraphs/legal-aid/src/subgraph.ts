import { ReferralDecision, withDemoReferrals, type SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildLegalAidSchema } from './schema';
import { LegalAidCase } from './modules/legal-aid-case/legal-aid-case.entity';
import { LegalServiceProvider } from './modules/legal-service-provider/legal-service-provider.entity';
import { Initial1796194493951 } from './migrations/1796194493951-initial';
import { ReferralDecisions1796300000000 } from './migrations/1796300000000-referral-decisions';

// its own demo rows, and decisions on the demo referrals to JUSTICE (the kit's referral/demo.ts): loaded only to seed
const seeder = withDemoReferrals(() => import('./seed/seed').then((m) => m.legalAidSeeder), { department: 'JUSTICE', records: [LegalAidCase] });

/** 市司法局 The legal-aid subgraph: 法律援助 cases, added to Person as `legalAidCases`, and the providers they are assigned to. */
export const legalAid: SubgraphDefinition = {
  name: 'legal-aid',
  department: 'JUSTICE',
  defaultPort: 4007,
  entities: [LegalAidCase, LegalServiceProvider, ReferralDecision],
  migrations: [Initial1796194493951, ReferralDecisions1796300000000],
  buildSchema: buildLegalAidSchema,
  seeder,
  // the providers' table is filled by the migration (reference data), so "an empty database" means no cases yet
  async seed(db, o) {
    if (await db.getRepository(LegalAidCase).count()) return;
    const [{ loadPopulation }, seederFor] = await Promise.all([import('@aidgraph/population'), seeder()]);
    const report = await loadPopulation([{ name: 'legal-aid', db, seeder: seederFor(o.seed) }], { seed: o.seed, size: o.size });
    o.log.info({ people: report.people, rows: report.rows['legal-aid'], ms: report.ms }, 'seeded the demo population');
  },
};
