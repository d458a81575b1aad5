import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { disability } from '../src/subgraph';

describeReferralDecisions({ def: disability, name: 'Disability', department: 'DISABLED_PERSONS_FEDERATION', programme: 'REHABILITATION', recordTable: 'rehabilitation_service', recordType: 'RehabilitationService' });
