import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, Protected, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { {{Record}} } from '../{{record-kebab}}/{{record-kebab}}.entity';
import { {{records}}ByPersonId } from '../{{record-kebab}}/{{record-kebab}}.loader';
import { DEPARTMENT } from '../{{record-kebab}}/{{record-kebab}}.enums';

/** The fields {{name}} adds to Person. */
@Resolver(() => PersonStub)
export class Person{{NamePascal}}Resolver {
  @FieldResolver(() => [{{Record}}], {
    nullable: true,
    description:
      '{{programme}} The person\'s {{programme}} records ({{departmentName}}), newest decision first; empty when there are none, ' +
      'null when the {{name}} subgraph cannot answer. Class department.record: {{CODE}} officers, caseworkers (the records ' +
      'handled in their township), auditors; FORBIDDEN to other departments\' officers and to analysts.',
  })
  @Protected({ class: 'department.record', owner: DEPARTMENT })
  async {{records}}(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<{{Record}}[]> {
    const rows = await {{records}}ByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
