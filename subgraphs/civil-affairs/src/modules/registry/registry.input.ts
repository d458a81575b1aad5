import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField } from '@aidgraph/subgraph-kit';
import { HouseholdRelation, PersonStatusChange, PersonStatusSource } from '../common/enums';

/** A person registered at the window: what is typed; birth date and gender come from the ID number. */
@InputType({ description: '登记人员 A person to register: name, resident ID number, relation to the household head, phone. Birth date and gender are derived from the ID number, never typed.' })
export class RegistryMemberInput {
  @Field({ description: '姓名 Full name, 1-64 characters (leading and trailing spaces are dropped).' })
  name: string;

  @Field({ description: '公民身份号码 Resident ID number as typed (18 characters, or the legacy 15; spaces, full-width digits and a lower-case x are accepted). Invalid: BAD_USER_INPUT with the problem as reason (LENGTH, CHARACTERS, ADDRESS_CODE, BIRTH_DATE, CHECK_CHARACTER); already registered: CONFLICT ID_NUMBER_REGISTERED.' })
  idNumber: string;

  @Field(() => HouseholdRelation, { description: '与户主关系 Relation to the household head: exactly one member of a new household is HEAD; a member added later is never HEAD.' })
  relationToHead: HouseholdRelation;

  @Field(() => String, { nullable: true, description: '联系电话 Phone number: digits, optionally a leading + and hyphens, 5-20 characters.' })
  phone?: string | null;
}

@InputType({ description: '家庭登记 A household registered at the window (一窗受理) with all its members, the head included, in one transaction.' })
export class RegisterHouseholdInput {
  @Field({ description: '乡镇/街道 The township code (9 digits) of Jiaozhou where the household lives.' })
  townshipCode: string;

  @Field({ description: '村/社区 The village or community code (12 digits): a village of the registry under that township.' })
  villageCode: string;

  @Field(() => String, { nullable: true, description: '家庭住址 The address, at most 200 characters (optional).' })
  address?: string | null;

  @Field(() => [RegistryMemberInput], { description: '家庭成员 The members, 1-30, exactly one of them HEAD; no ID number twice.' })
  members: RegistryMemberInput[];

  @Field(() => String, { nullable: true, description: '登记原因 Why the household is registered (e.g. an application for assistance), at most 500 characters; kept in the history.' })
  reason?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '增加家庭成员 A new person added to a registered household.' })
export class AddHouseholdMemberInput {
  @Field(() => ID, { description: 'The household (registry id).' })
  householdId: string;

  @Field(() => RegistryMemberInput, { description: 'The new member (not HEAD: a household keeps its head).' })
  member: RegistryMemberInput;

  @Field(() => String, { nullable: true, description: '原因 Why the member is added (birth, marriage, moving in), at most 500 characters; kept in the history.' })
  reason?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '减少家庭成员 A member removed from their household; the person stays in the registry, in no household.' })
export class RemoveHouseholdMemberInput {
  @Field(() => ID, { description: 'The member (registry person id). The head cannot be removed (CONFLICT HEAD_OF_HOUSEHOLD).' })
  personId: string;

  @Field({ description: '原因 Why the member leaves the household (分户, marriage, moving out), 1-500 characters; kept in the history.' })
  reason: string;

  @Field(() => Int, { nullable: true, description: 'The person\'s version the caller saw (Person.version); when given and no longer current: CONFLICT STALE_VERSION.' })
  expectedVersion?: number | null;
}

@InputType({ description: '信息更正 A correction of a person\'s registry data. Fields left out (or null) are unchanged, except `phone: null`, which clears the phone.' })
export class CorrectPersonInput {
  @Field(() => ID, { description: 'The person (registry id).' })
  personId: string;

  @Field(() => Int, { description: '版本 The person\'s version the correction was made on (Person.version): when another change came first, CONFLICT STALE_VERSION and nothing changes.' })
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: '姓名 The corrected name, 1-64 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '公民身份号码 The corrected ID number (validated as at registration); birth date and gender follow it. CONFLICT ID_NUMBER_REGISTERED when another person has it.' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 The corrected phone; null clears it.' })
  phone?: string | null;

  @Field(() => HouseholdRelation, { nullable: true, description: '与户主关系 The corrected relation to the head: never HEAD, and not for the head itself (BAD_USER_INPUT HEAD_RELATION).' })
  relationToHead?: HouseholdRelation | null;

  @Field({ description: '更正原因 Why the data is corrected (the document it rests on), 1-500 characters; kept in the history.' })
  reason: string;
}

@InputType({ description: '状态变更 A death or a move away, with its date and the source of the information.' })
export class RecordPersonStatusInput {
  @Field(() => ID, { description: 'The person (registry id); must be ACTIVE (else CONFLICT PERSON_NOT_ACTIVE).' })
  personId: string;

  @Field(() => PersonStatusChange, { description: 'DECEASED or MOVED_AWAY.' })
  status: PersonStatusChange;

  @Field({ description: 'The date of death or of moving, ISO YYYY-MM-DD: not in the future (DATE_OUT_OF_RANGE), not before the birth date (BEFORE_BIRTH).' })
  date: string;

  @Field(() => PersonStatusSource, { description: '信息来源 Where the information comes from.' })
  source: PersonStatusSource;

  @Field(() => String, { nullable: true, description: '说明 A note (the document, or which source for OTHER), at most 500 characters; kept in the history.' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: 'The person\'s version the caller saw (Person.version); when given and no longer current: CONFLICT STALE_VERSION.' })
  expectedVersion?: number | null;
}
