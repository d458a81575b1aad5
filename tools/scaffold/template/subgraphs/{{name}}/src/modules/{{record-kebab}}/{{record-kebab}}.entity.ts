import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { DEPARTMENT, {{Record}}Status } from './{{record-kebab}}.enums';

/** {{programme}} One {{programme}} record of a person, decided by {{departmentName}}. */
// deny by default: every field without a rule of its own is department.record ({{CODE}}, caseworkers in scope, auditors)
@Protected({ class: 'department.record', owner: DEPARTMENT })
@ObjectType({ description: '{{programme}} A {{programme}} record of one person, decided by {{departmentName}} ({{CODE}}). Class department.record: FORBIDDEN to other departments\' officers and to analysts.' })
@Entity('{{record_snake}}')
@Index('{{record_snake}}_person_idx', ['personId'])
@Index('{{record_snake}}_decided_idx', ['decidedOn', 'id'])
@Index('{{record_snake}}_township_idx', ['townshipCode', 'id'])
export class {{Record}} {
  @Field(() => ID, { description: 'Opaque identifier of the record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  @Field(() => YuanScalar, { description: '金额 Amount granted, in yuan (exact decimal, two places).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field(() => {{Record}}Status, { description: '状态 Status.' })
  @Column('varchar', { length: 12 })
  status: {{Record}}Status;

  @Field(() => String, { nullable: true, description: '决定日期 Date of the decision (ISO YYYY-MM-DD). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  decidedOn: string;

  /** township that handled the application (9-digit code): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
