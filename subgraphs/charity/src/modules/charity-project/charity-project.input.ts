import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CharityProjectStatus, CharityTargetGroup } from './charity-project.enums';

@InputType({ description: 'Filters of the charity project list. All given filters must hold.' })
export class CharityProjectFilter {
  @Field(() => CharityProjectStatus, { nullable: true, description: 'Only projects with this status.' })
  status?: CharityProjectStatus | null;

  @Field(() => CharityTargetGroup, { nullable: true, description: 'Only projects for this target group (救助对象), among others.' })
  targetGroup?: CharityTargetGroup | null;
}

@InputType({ description: 'A charity project to create (charity federation staff). It starts OPEN.' })
export class CreateCharityProjectInput {
  @Field({ description: '项目名称 Name, 1-100 characters.' })
  name: string;

  @Field({ description: '项目宗旨 Purpose, 1-500 characters.' })
  purpose: string;

  @Field(() => [CharityTargetGroup], { description: '救助对象 The groups the project is for: at least one, no repeats.' })
  targetGroups: CharityTargetGroup[];

  @Field(() => YuanScalar, { description: '预算 Planned spending in yuan: 0 to 100000000.00.' })
  budget: Yuan;

  @Field({ description: '开始日期 First day, ISO YYYY-MM-DD.' })
  startDate: string;

  @Field({ description: '结束日期 Last day, ISO YYYY-MM-DD, on or after the start date.' })
  endDate: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A correction of an OPEN charity project: only the fields given change. New dates must still cover every donation ' +
    'and grant already recorded (CONFLICT otherwise).',
})
export class UpdateCharityProjectInput {
  @Field(() => ID, { description: 'The project.' })
  id: string;

  @Field(() => String, { nullable: true, description: '项目名称 New name, 1-100 characters.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '项目宗旨 New purpose, 1-500 characters.' })
  purpose?: string | null;

  @Field(() => [CharityTargetGroup], { nullable: true, description: '救助对象 New target groups (replace the old ones): at least one, no repeats.' })
  targetGroups?: CharityTargetGroup[] | null;

  @Field(() => YuanScalar, { nullable: true, description: '预算 New planned spending in yuan: 0 to 100000000.00.' })
  budget?: Yuan | null;

  @Field(() => String, { nullable: true, description: '开始日期 New first day, ISO YYYY-MM-DD.' })
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: '结束日期 New last day, ISO YYYY-MM-DD.' })
  endDate?: string | null;
}

@InputType({ description: 'Close (结项) an OPEN charity project: its records are frozen from then on.' })
export class CloseCharityProjectInput {
  @Field(() => ID, { description: 'The project.' })
  id: string;

  @Field({ description: '结项日期 Date of closing, ISO YYYY-MM-DD: not before the start date nor before any record of the project.' })
  closedOn: string;
}
