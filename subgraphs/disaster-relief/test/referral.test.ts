import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { disasterRelief } from '../src/subgraph';

describeReferralDecisions({ def: disasterRelief, name: 'DisasterRelief', department: 'EMERGENCY_MANAGEMENT', programme: 'DISASTER', recordTable: 'disaster_relief', recordType: 'DisasterRelief' });
