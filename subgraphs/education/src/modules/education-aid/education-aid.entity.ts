import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { EducationAidStatus, EducationAidType, SchoolStage } from './education-aid.enums';

/** 教育救助记录 One education aid granted to a pupil or student for an academic year. */
// class quasi.programme for every field without its own rule: education aid recipients are noticed at school (公示)
@Protected('quasi.programme')
@ObjectType({ description: '教育救助记录 An education aid (教育救助) granted to a pupil or student for one academic year, by the education bureau (教育体育局).' })
@Entity('education_aid')
@Index('education_aid_person_idx', ['personId'])
@Index('education_aid_year_idx', ['academicYear', 'id'])
@Index('education_aid_township_idx', ['townshipCode', 'id'])
export class EducationAid {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => SchoolStage, { description: '学段 School stage.' })
  @Column('varchar', { length: 20 })
  schoolStage: SchoolStage;

  @Field(() => String, {
    nullable: true,
    description: '学校 Name of the school. Class quasi.fine: null for analysts (a school with gender and age band singles a pupil out).',
  })
  @Protected('quasi.fine')
  @Column('varchar', { length: 100 })
  school: string;

  @Field(() => EducationAidType, { description: '资助类型 Kind of aid.' })
  @Column('varchar', { length: 24 })
  aidType: EducationAidType;

  @Field(() => String, {
    nullable: true,
    description: '学年 Academic year, "YYYY-YYYY" (September to August), e.g. "2025-2026". Class quasi.date: null for analysts.',
  })
  @Protected('quasi.date')
  @Column('varchar', { length: 9 })
  academicYear: string;

  @Field(() => YuanScalar, { description: '金额 Amount for the academic year, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => EducationAidStatus, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: EducationAidStatus;

  @Field(() => String, { nullable: true, description: '审批日期 Date of approval (ISO). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  approvedOn: string;

  /** township that handled the application (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
