import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { charity } from '../src/subgraph';

describeReferralDecisions({ def: charity, name: 'Charity', department: 'CHARITY_FEDERATION', programme: 'CHARITY', recordTable: 'charity_grant', recordType: 'CharityGrant' });
