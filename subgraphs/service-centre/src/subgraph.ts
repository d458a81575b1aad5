import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildServiceCentreSchema } from './schema';
import { AssistanceApplication } from './modules/assistance-application/assistance-application.entity';
import { Initial1796205370152 } from './migrations/1796205370152-initial';
import { serviceCentreSeeder } from './seed/seed';

/** 市社会救助综合服务中心（一窗受理平台，隶属市民政局） The service-centre subgraph: 一窗受理 records, added to Person as `applications`. */
export const serviceCentre: SubgraphDefinition = {
  name: 'service-centre',
  department: 'SOCIAL_ASSISTANCE_CENTRE',
  defaultPort: 4009,
  entities: [AssistanceApplication],
  migrations: [Initial1796205370152],
  buildSchema: buildServiceCentreSchema,
  seeder: serviceCentreSeeder,
};
