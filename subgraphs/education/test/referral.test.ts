import { describeReferralDecisions } from '@aidgraph/subgraph-kit/testing';
import { education } from '../src/subgraph';

describeReferralDecisions({ def: education, name: 'Education', department: 'EDUCATION', programme: 'EDUCATION', recordTable: 'education_aid', recordType: 'EducationAid' });
