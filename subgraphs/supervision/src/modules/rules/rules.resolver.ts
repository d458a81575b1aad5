import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { Public } from '@aidgraph/subgraph-kit';
import { WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import { RULES } from './index';
import { refKey } from '../warning-alert/access';

@Public('a warning rule\'s definition is policy (its name, article, severity, departments): it names no person')
@ObjectType({ description: '预警规则 A warning rule as the code defines it.' })
export class WarningRuleInfo {
  @Field(() => WarningRuleCode, { description: 'Its code.' })
  code: WarningRuleCode;

  @Field({ description: '名称 Its name.' })
  name: string;

  @Field({ description: '说明 What it finds, with the policy article.' })
  description: string;

  @Field(() => WarningSeverity, { description: '严重程度 Its severity.' })
  severity: WarningSeverity;

  @Field(() => [String], { description: '涉及部门 The departments whose records it reads (codes of programmes.json).' })
  departments: string[];

  @Field(() => [String], {
    description:
      '隐含类别 The access classes every alert of the rule implies (`class` or `class@OWNER`, subgraphs/kit classification.ts); an ' +
      'alert also implies the class of each evidence item and what its code tells. A reader outside the supervision office sees ' +
      'an alert only when it sees every class it implies.',
  })
  impliedClasses: string[];
}

@Resolver()
export class WarningRulesResolver {
  @Query(() => [WarningRuleInfo], { nullable: true, description: '预警规则 The warning rules (policy: any signed-in staff; FORBIDDEN to the public site).' })
  @Public('the rules are policy and name no person')
  warningRules(): WarningRuleInfo[] {
    return RULES.map((r) => Object.assign(new WarningRuleInfo(), { code: r.code, name: r.name, description: r.description, severity: r.severity, departments: [...r.departments], impliedClasses: r.implies.map(refKey) }));
  }
}
