import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { medical } from '../src/subgraph';

describeReferralDecisions({ def: medical, name: 'Medical', department: 'MEDICAL_SECURITY', programme: 'MEDICAL', recordTable: 'medical_claim', recordType: 'MedicalClaim' });
