import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import {
  DEPARTMENT, LEGAL_AID_CLASS, LegalAidCaseStatus, LegalAidEligibility, LegalAidMatter, LegalAidOutcome, LegalAidRefusalReason, LegalAidType,
  LegalAidWithdrawalReason,
} from './legal-aid-case.enums';

@InputType({
  description:
    'Filters of the legal aid case list. All given filters must hold. Each is classified (legal.aid): FORBIDDEN to other ' +
    'departments\' officers; analysts may use the coarse ones (township, aid type, matter, eligibility, status, outcome, ' +
    'year) only to count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows), and never the person or provider filters.',
})
export class LegalAidCaseFilter {
  @Field(() => String, { nullable: true, description: '9-digit code of the handling township.' })
  townshipCode?: string | null;

  @Field(() => LegalAidType, { nullable: true, description: 'Only cases of this aid type.' })
  aidType?: LegalAidType | null;

  @Field(() => LegalAidMatter, { nullable: true, description: 'Only cases about this matter.' })
  matter?: LegalAidMatter | null;

  @Field(() => LegalAidEligibility, { nullable: true, description: 'Only cases granted or asked for on this ground.' })
  eligibility?: LegalAidEligibility | null;

  @Field(() => LegalAidCaseStatus, { nullable: true, description: 'Only cases with this status.' })
  status?: LegalAidCaseStatus | null;

  @Field(() => LegalAidOutcome, { nullable: true, description: 'Only closed cases with this outcome.' })
  outcome?: LegalAidOutcome | null;

  @Field(() => Int, { nullable: true, description: 'Only cases applied for in this calendar year (2000-2100).' })
  year?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only the cases assigned to this provider.' })
  providerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the cases of this person (registry id, a UUID).' })
  personId?: string | null;
}

const counted = (note: string) => ({ class: LEGAL_AID_CLASS, owner: DEPARTMENT, kind: 'filter' as const, note, outcomes: { analyst: 'countOnly' as const } });
// each filter is classified like the field it filters on (assertFiltersAllowed refuses an unclassified filter to everyone);
// the list and Person.legalAidCases are classified here too: analysts get a bare count and an empty list
classifyCoordinates({
  'Query.legalAidCases': {
    class: LEGAL_AID_CLASS, owner: DEPARTMENT, kind: 'list', outcomes: { analyst: 'countOnly' },
    note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: a case reveals a criminal charge, a family dispute or poverty, and (gender, age band, township) singles most applicants out',
  },
  'Person.legalAidCases': {
    class: LEGAL_AID_CLASS, owner: DEPARTMENT, kind: 'list', outcomes: { analyst: 'omitted' },
    note: 'analysts get an empty list: a case links a criminal charge or a family dispute to a person',
  },
  'LegalAidCaseFilter.townshipCode': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.aidType': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.matter': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.eligibility': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.status': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.outcome': counted('a coarse filter: legalAidCases answers analysts only a bare totalCount (null whatever the count)'),
  'LegalAidCaseFilter.year': counted('legalAidCases answers analysts only a bare totalCount (null whatever the count), so a year filter gives them a yearly count, never a row\'s date'),
  'LegalAidCaseFilter.providerId': {
    class: LEGAL_AID_CLASS, owner: DEPARTMENT, kind: 'filter', outcomes: { analyst: 'FORBIDDEN' },
    note: 'a provider\'s caseload is the bureau\'s management data; refused to analysts like the person filter, so that no count narrows to a handful of applicants',
  },
  'LegalAidCaseFilter.personId': {
    class: LEGAL_AID_CLASS, owner: DEPARTMENT, kind: 'filter', outcomes: { analyst: 'FORBIDDEN' },
    note: 'a person id filter answers for one person: even its count is that person\'s legal aid',
  },
});

@InputType({ description: 'A legal aid application to record (JUSTICE officers): it starts APPLIED.' })
export class ApplyForLegalAidInput {
  @Field(() => ID, { description: 'The applicant (registry id); an active person of the registry.' })
  personId: string;

  @Field({ description: '申请日期 Date the application was received, ISO YYYY-MM-DD: from 2022-01-01 (法律援助法) up to today.' })
  appliedOn: string;

  @Field(() => LegalAidType, { description: '援助类型 The kind of aid asked for. CRIMINAL_DEFENCE and CRIMINAL_VICTIM need the matter CRIMINAL.' })
  aidType: LegalAidType;

  @Field(() => LegalAidMatter, { description: '案件类别 What the case is about.' })
  matter: LegalAidMatter;

  @Field(() => LegalAidEligibility, {
    description:
      '援助理由 The ground: MIGRANT_WORKER only for WAGE_ARREARS or WORK_INJURY, DOMESTIC_VIOLENCE_VICTIM only for DOMESTIC_VIOLENCE ' +
      'or MAINTENANCE, WRONGFUL_CONVICTION only for STATE_COMPENSATION, APPOINTED_DEFENCE only for CRIMINAL_DEFENCE (BAD_USER_INPUT ELIGIBILITY_MISMATCH).',
  })
  eligibility: LegalAidEligibility;

  @Field({
    description:
      '9-digit code of the township that handles the case: the applicant\'s township of registration (BAD_USER_INPUT ' +
      'NOT_THE_PERSONS_TOWNSHIP otherwise), whose caseworkers then see the case.',
  })
  townshipCode: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Grant legal aid on an APPLIED case (决定给予法律援助).' })
export class AcceptLegalAidCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id: string;

  @Field({ description: '审查决定日期 Date of the decision, ISO YYYY-MM-DD: not before the application, not in the future.' })
  decidedOn: string;
}

@InputType({ description: 'Refuse legal aid on an APPLIED case (决定不予法律援助), with the reason.' })
export class RefuseLegalAidCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id: string;

  @Field({ description: '审查决定日期 Date of the decision, ISO YYYY-MM-DD: not before the application, not in the future.' })
  decidedOn: string;

  @Field(() => LegalAidRefusalReason, { description: '不予援助理由 Why (NOT_ECONOMIC_HARDSHIP only for the ground ECONOMIC_HARDSHIP: BAD_USER_INPUT ELIGIBILITY_MISMATCH).' })
  reason: LegalAidRefusalReason;
}

@InputType({ description: 'Assign an ACCEPTED case to a provider (指派).' })
export class AssignLegalAidCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id: string;

  @Field(() => ID, { description: 'The provider (legalServiceProviders); an active one. A grassroots legal service office takes no criminal case (PROVIDER_NOT_QUALIFIED).' })
  providerId: string;

  @Field({ description: '指派日期 Date of the assignment, ISO YYYY-MM-DD: not before the decision, not in the future.' })
  assignedOn: string;
}

@InputType({ description: 'Close an ASSIGNED case with its outcome (结案).' })
export class CloseLegalAidCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id: string;

  @Field({ description: '结案日期 Date the case was closed, ISO YYYY-MM-DD: not before the assignment, not in the future.' })
  closedOn: string;

  @Field(() => LegalAidOutcome, { description: '结案结果 The outcome; one that fits the aid type (criminal defence: CHARGES_DROPPED, SENTENCE_MITIGATED, DEFENCE_NOT_ADOPTED; a document: DOCUMENT_DELIVERED; others: WON ... SETTLED).' })
  outcome: LegalAidOutcome;

  @Field(() => YuanScalar, { description: '办案补贴 The subsidy paid to the provider in yuan: 0 or more, at most the bound of the aid type (AMOUNT_ABOVE_LIMIT).' })
  subsidy: Yuan;
}

@InputType({ description: 'End an open case (APPLIED, ACCEPTED or ASSIGNED) without an outcome (终止法律援助).' })
export class WithdrawLegalAidCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id: string;

  @Field({ description: '终止日期 Date, ISO YYYY-MM-DD: not before the application, not in the future.' })
  withdrawnOn: string;

  @Field(() => LegalAidWithdrawalReason, { description: '终止理由 Why.' })
  reason: LegalAidWithdrawalReason;
}
