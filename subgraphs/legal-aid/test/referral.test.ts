import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { legalAid } from '../src/subgraph';

describeReferralDecisions({ def: legalAid, name: 'LegalAid', department: 'JUSTICE', programme: 'LEGAL_AID', recordTable: 'legal_aid_case', recordType: 'LegalAidCase' });
