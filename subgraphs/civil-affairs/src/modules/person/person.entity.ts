import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, clockToday, VerificationDisabilityFact, VerificationGraveIllnessFact, ageBandAt, ageBandReferenceDate } from '@aidgraph/subgraph-kit';
import { AgeBand, Gender, HouseholdRelation, PersonStatus, PersonStatusSource } from '../common/enums';

/**
 * 人员 A person in the civil-affairs registry: the entity every department extends. The database row and the GraphQL
 * type are one class; personal identifiers carry their access rule (@Protected) where they are defined.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: '人员 A person in the civil-affairs registry (民政局). Departments add their programmes to this entity.' })
@Entity('person')
@Index('person_township_idx', ['townshipCode', 'id'])
@Index('person_household_idx', ['householdId'])
@Index('person_name_idx', ['name'])
@Index('person_status_idx', ['status', 'id'])
@Index('person_name_pattern_idx', { synchronize: false })
export class Person {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID). Never derived from the ID number.' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => String, {
    nullable: true,
    description: '姓名 Full name (class identifier.name). Null for analysts: even a masked name singles people out.',
  })
  @Protected('identifier.name')
  @Column('varchar', { length: 64 })
  name: string;

  @Field(() => String, {
    nullable: true,
    description:
      '公民身份号码 Resident ID number (GB 11643-1999), canonical 18-character form with upper-case X (class ' +
      'identifier.idNumber). Null for analysts: no fragment of it (first 6 + last 4 digits single most people out).',
  })
  @Protected('identifier.idNumber')
  @Column('varchar', { length: 18, unique: true })
  idNumber: string;

  @Field(() => Gender, { description: '性别 Gender; agrees with the ID number\'s sequence digit.' })
  @Column('varchar', { length: 8 })
  gender: Gender;

  @Field(() => String, {
    nullable: true,
    description: '出生日期 Birth date, ISO YYYY-MM-DD; agrees with the ID number (class identifier.birthDate). Null for analysts: see ageBand.',
  })
  @Protected('identifier.birthDate')
  @Column('date')
  birthDate: string;

  @Field(() => String, { nullable: true, description: '联系电话 Phone number. Caseworkers in scope and auditors only; null for analysts.' })
  @Protected('identifier.phone')
  @Column('varchar', { length: 20, nullable: true })
  phone: string | null;

  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Column('varchar', { length: 12 })
  villageCode: string;

  /** the household; null for a person removed from their household (removeHouseholdMember), who stays in the registry */
  @Column('uuid', { nullable: true })
  householdId: string | null;

  @Field(() => HouseholdRelation, {
    nullable: true,
    description: '与户主关系 Relation to the household head (class quasi.fine); null for a person in no household. Null for analysts: with gender and age band it singles people out.',
  })
  @Protected('quasi.fine')
  @Column('varchar', { length: 16, nullable: true })
  relationToHead: HouseholdRelation | null;

  @Field(() => PersonStatus, {
    nullable: true,
    description: '人员状态 Registry status (class quasi.fine). Null for analysts: a death or a move in a township is known to neighbours.',
  })
  @Protected('quasi.fine')
  @Column('varchar', { length: 16 })
  status: PersonStatus;

  @Field(() => String, { nullable: true, description: 'Date of death or of moving away (ISO), null while active (class quasi.fine); null for analysts.' })
  @Protected('quasi.fine')
  @Column('date', { nullable: true })
  statusDate: string | null;

  @Field(() => PersonStatusSource, {
    nullable: true,
    description: '信息来源 Where the registry learned of the death or the move (class quasi.fine); null while active or when recorded before sources were kept. Null for analysts.',
  })
  @Protected('quasi.fine')
  @Column('varchar', { length: 24, nullable: true })
  statusSource: PersonStatusSource | null;

  @Field(() => Int, {
    nullable: true,
    description:
      '版本 The version of the person\'s registry data: 1 when registered, +1 with every change (correction, status, ' +
      'household membership). Pass it as `expectedVersion` to correctPerson: a correction made on an older version is ' +
      'refused (CONFLICT, reason STALE_VERSION). Class quasi.fine (how often the data changed); null for analysts.',
  })
  @Protected('quasi.fine')
  @Column('integer', { default: 1 })
  version: number;

  @Field(() => Int, {
    nullable: true,
    description: '年龄 Age in whole years today by the service clock (the date in China) (or on the date of death) (class identifier.birthDate: it gives the birth year). Null for analysts: see ageBand.',
  })
  @Protected('identifier.birthDate')
  age(): number {
    const on = this.status === 'DECEASED' && this.statusDate ? this.statusDate : clockToday();
    const [by, bm, bd] = this.birthDate.split('-').map(Number);
    const [y, m, d] = on.split('-').map(Number);
    return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  }

  @Field(() => AgeBand, {
    description:
      '年龄段 Age band (class quasi.coarse): 0-17, 18-39, 40-59, 60 and over, from the birth date as of 1 January of the ' +
      'current year (by the service clock, AIDGRAPH_TODAY), not today: every band moves on 1 January, so that no one\'s band ' +
      'changes on their birthday (daily snapshots would give the birthday away). The same reference date as the AGE_BAND ' +
      'of personStatistics. Everyone sees it; analysts see it instead of the birth date and age, so that gender x age band ' +
      'x township keeps at least k people (ANALYST_K_ANONYMITY).',
  })
  ageBand(): AgeBand {
    return ageBandAt(this.birthDate, ageBandReferenceDate()) as AgeBand;
  }

  /**
   * The disability federation's certificates of the person as household economic verification reads them (owned and
   * resolved by the disability subgraph, @inaccessible there: not in the API schema). External here: civil affairs'
   * Household.verification @requires it through the household's members; never stored or resolved by civil affairs.
   */
  @Directive('@external')
  @Protected({ sensitiveOf: 'DISABLED_PERSONS_FEDERATION' })
  @Field(() => [VerificationDisabilityFact], {
    nullable: true,
    description: '核对用残疾人证 INTERNAL (@inaccessible): the disability federation\'s certificates of the person as household economic verification reads them; resolved by the disability subgraph, required by Household.verification.',
  })
  verificationDisabilityFacts?: VerificationDisabilityFact[] | null;

  /** Medical security's grave-illness episodes of the person (owned by medical, @inaccessible; external here, as above). */
  @Directive('@external')
  @Protected({ sensitiveOf: 'MEDICAL_SECURITY' })
  @Field(() => [VerificationGraveIllnessFact], {
    nullable: true,
    description: '核对用重特大疾病 INTERNAL (@inaccessible): medical security\'s grave-illness episodes of the person as household economic verification reads them; resolved by the medical subgraph, required by Household.verification.',
  })
  verificationGraveIllnessFacts?: VerificationGraveIllnessFact[] | null;
}
