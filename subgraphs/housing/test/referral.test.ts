import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { housing } from '../src/subgraph';

describeReferralDecisions({ def: housing, name: 'Housing', department: 'HOUSING', programme: 'HOUSING', recordTable: 'rent_subsidy', recordType: 'RentSubsidy', seedSize: 6000 });
