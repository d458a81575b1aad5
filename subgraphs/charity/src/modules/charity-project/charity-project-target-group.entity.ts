import { Entity, Index, PrimaryColumn } from 'typeorm';
import { CharityTargetGroup } from './charity-project.enums';

/** One target group (救助对象) of a charity project: a project has one or more. Not a GraphQL type (see CharityProject.targetGroups). */
@Entity('charity_project_target_group')
@Index('charity_project_target_group_group_idx', ['targetGroup', 'projectId'])
export class CharityProjectTargetGroup {
  @PrimaryColumn('uuid')
  projectId: string;

  @PrimaryColumn('varchar', { length: 40 })
  targetGroup: CharityTargetGroup;
}
