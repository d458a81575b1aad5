import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { execute, parse } from 'graphql';
import { buildFederatedSchema, NonNullRootFieldError } from './federated-schema';
import { Public } from '../access/declarations';
import { createContext } from '../context';
import { badInput } from '../errors';

/**
 * Every root Query field of every subgraph is nullable (a subgraph's schema build refuses a non-null one), so that one
 * failing field — a department down, an alias with a bad cursor — nulls that field only and the rest of the answer
 * stands. Every subgraph builds through buildFederatedSchema, so none can regress.
 */
@ObjectType('RootFieldsPage', { description: 'A page (test fixture).' })
class Page {
  @Public('test fixture')
  @Field(() => Number, { description: 'How many (test fixture).' })
  totalCount: number;
}

function page(cursor: string | null): Page {
  if (cursor === 'bad') throw badInput('`after` is not a cursor of this list', 'after', 'BAD_CURSOR');
  return Object.assign(new Page(), { totalCount: 7 });
}

@Resolver()
class NonNullListResolver {
  @Public('test fixture')
  @Query(() => Page, { description: 'A non-null root field (refused).' })
  pages(): Page {
    return page(null);
  }

  @Public('test fixture')
  @Query(() => [String], { description: 'A non-null root list (refused).' })
  names(): string[] {
    return [];
  }

  @Public('test fixture')
  @Query(() => [String], { nullable: 'items', description: 'A root list of nullable items, the list itself non-null (refused).' })
  maybeNames(): (string | null)[] {
    return [];
  }

  @Public('test fixture')
  @Query(() => String, { nullable: true, description: 'A nullable root field (accepted).' })
  fine(): string | null {
    return null;
  }
}

@Resolver()
class NullableListResolver {
  @Public('test fixture')
  @Query(() => Page, { nullable: true, description: 'A nullable root field.' })
  pages(@Arg('after', () => String, { nullable: true, description: 'A cursor.' }) after: string | null): Page {
    return page(after);
  }

  @Public('test fixture')
  @Query(() => [String], { nullable: 'itemsAndList', description: 'A nullable root list.' })
  names(): string[] {
    return ['a'];
  }
}

describe('root Query fields are nullable', () => {
  it('refuses to build a schema with a non-null root Query field, naming each one and the subgraph', async () => {
    const build = buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [NonNullListResolver] });
    await expect(build).rejects.toBeInstanceOf(NonNullRootFieldError);
    const e = (await build.catch((x) => x)) as NonNullRootFieldError;
    expect(e.subgraph).toBe('legal-aid');
    expect([...e.fields].sort()).toEqual(['maybeNames', 'names', 'pages']);
    expect(e.message).toContain('subgraph legal-aid');
    expect(e.message).toContain('Query.pages');
    expect(e.message).not.toContain('Query.fine');
  });

  it('builds nullable root fields, and an error in one alias nulls that alias only', async () => {
    const { schema, sdl } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [NullableListResolver] });
    expect(sdl).toMatch(/pages\([^)]*\): RootFieldsPage\n/);
    expect(sdl).toMatch(/names: \[String\]\n/);
    // the kit's audit log is nullable too; the federation's own _service (non-null) is added after the check
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['pages', 'names', 'legalAidAuditLog', '_service']);
    const r = await execute({
      schema,
      document: parse('{ good: pages { totalCount } bad: pages(after: "bad") { totalCount } names }'),
      contextValue: createContext({ subject: 'a', role: 'auditor' }, undefined as never, 'test-request'),
    });
    expect(r.data).toEqual({ good: { totalCount: 7 }, bad: null, names: ['a'] });
    expect(r.errors?.map((x) => [x.path, x.extensions?.reason])).toEqual([[['bad'], 'BAD_CURSOR']]);
  });
});
