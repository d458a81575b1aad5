import { Arg, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { execute, parse } from 'graphql';
import { afterValue, catchNext, chainFieldMiddlewares, isPromiseLike, type FieldMiddleware } from './field-middleware';
import { buildFederatedSchema } from './federated-schema';
import { Protected } from '../access/policy';
import { Public } from '../access/declarations';
import { createContext } from '../context';

describe('kit field middlewares', () => {
  const info = {} as never;

  it('run outermost first around the resolver, and answer a plain value when every step does', () => {
    const order: string[] = [];
    const tag =
      (name: string): FieldMiddleware =>
      (_data, next) => {
        order.push(`${name} before`);
        return afterValue(next(), (v) => {
          order.push(`${name} after`);
          return `${name}(${String(v)})`;
        });
      };
    const resolve = chainFieldMiddlewares([tag('outer'), tag('inner')], () => {
      order.push('resolver');
      return 'value';
    });
    const out = resolve({}, {}, {}, info);
    expect(isPromiseLike(out)).toBe(false);
    expect(out).toBe('outer(inner(value))');
    expect(order).toEqual(['outer before', 'inner before', 'resolver', 'inner after', 'outer after']);
  });

  it('pass a promise on when the resolver answers one, and transform its value', async () => {
    const double: FieldMiddleware = (_d, next) => afterValue(next(), (v) => (v as number) * 2);
    const out = chainFieldMiddlewares([double], () => Promise.resolve(21))({}, {}, {}, info);
    expect(isPromiseLike(out)).toBe(true);
    await expect(out).resolves.toBe(42);
  });

  it('give a thrown error and a rejection to catchNext alike', async () => {
    const seen: string[] = [];
    const failed = (e: unknown) => {
      seen.push((e as Error).message);
      throw new Error(`wrapped ${(e as Error).message}`);
    };
    expect(() =>
      catchNext(() => {
        throw new Error('sync');
      }, failed),
    ).toThrow('wrapped sync');
    await expect(catchNext(() => Promise.reject(new Error('async')), failed)).rejects.toThrow('wrapped async');
    expect(catchNext(() => 'fine', failed)).toBe('fine');
    expect(seen).toEqual(['sync', 'async']);
  });
});

const FIXTURE_ID = '0b9f8a52-1c3e-4b7e-9d2a-5e6f7a8b9c0d';

@ObjectType('Person', { description: 'A person (test fixture).' })
class FixturePerson {
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Protected({ identifier: 'name' })
  @Field(() => String, { nullable: true, description: 'Name (test fixture).' })
  name: string;

  @Protected('auditLog')
  @Field(() => String, { nullable: true, description: 'Auditors only (test fixture).' })
  secret: string;

  // two rules on one field, as a disability certificate's number (the department's sensitive data and an ID number)
  @Protected({ sensitiveOf: 'DISABLED_PERSONS_FEDERATION' })
  @Protected('identifier.idNumber')
  @Field(() => String, { nullable: true, description: 'Both rules apply (test fixture).' })
  certificate: string;
}

@Resolver()
class FixtureResolver {
  @Public('test fixture: the person is noted by the read middleware')
  @Query(() => FixturePerson, { nullable: true, description: 'One person (test fixture).' })
  fixturePerson(): FixturePerson {
    return Object.assign(new FixturePerson(), { id: FIXTURE_ID, name: '张三丰', secret: 's', certificate: '37028119800101123X41' });
  }

  @Public('test fixture: the person is noted by the read middleware')
  @Query(() => FixturePerson, { nullable: true, description: 'One person by id (test fixture).' })
  fixturePersonById(@Arg('id', () => ID, { description: 'Opaque id.' }) id: string): FixturePerson {
    return Object.assign(new FixturePerson(), { id, name: '张三丰', secret: 's', certificate: '37028119800101123X41' });
  }
}

describe("the kit's middlewares on a built schema", () => {
  const ID_1 = FIXTURE_ID;

  it('resolve a plain property synchronously, apply its @Protected rule and note the read', async () => {
    const { schema } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [FixtureResolver] });
    const auditor = createContext({ subject: 'a', role: 'auditor' }, undefined as never, 'test-request');
    // type-graphql's own middlewares made every field a chain of promises; the kit's answer a plain value (a root field
    // with arguments stays asynchronous: type-graphql validates its arguments in a promise)
    const out = execute({ schema, document: parse('{ fixturePerson { id name } }'), contextValue: auditor });
    expect(isPromiseLike(out)).toBe(false);
    expect(out).toEqual({ data: { fixturePerson: { id: ID_1, name: '张三丰' } } });
    expect(auditor.audit.readSummary).toEqual({ persons: [ID_1], households: [], records: [], fields: ['Person.name'] });
    // the same field for an analyst: its rule withholds the name (the field asked for is still noted, as before)
    const analyst = createContext({ subject: 'b', role: 'analyst' }, undefined as never, 'test-request');
    expect(execute({ schema, document: parse('{ fixturePerson { id name } }'), contextValue: analyst })).toEqual({ data: { fixturePerson: { id: ID_1, name: null } } });
    expect(analyst.audit.readSummary).toEqual({ persons: [ID_1], households: [], records: [], fields: ['Person.name'] });
  });

  it('apply every rule of a field that carries several: the most restrictive outcome wins', async () => {
    const { schema } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [FixtureResolver] });
    const ask = (identity: Parameters<typeof createContext>[0]) =>
      execute({ schema, document: parse('{ fixturePerson { certificate } }'), contextValue: createContext(identity, undefined as never, 'test-request') }) as any;
    // the department itself and auditors see the number; another department's officer is refused by the sensitive
    // rule (the ID number rule alone would give it the number); an analyst gets null from the ID number rule
    expect(ask({ subject: 'd', role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION' }).data).toEqual({ fixturePerson: { certificate: '37028119800101123X41' } });
    expect(ask({ subject: 'a', role: 'auditor' }).data).toEqual({ fixturePerson: { certificate: '37028119800101123X41' } });
    const other = ask({ subject: 'm', role: 'department_officer', department: 'MEDICAL_SECURITY' });
    expect([other.data, other.errors?.map((e: any) => e.extensions.code)]).toEqual([{ fixturePerson: { certificate: null } }, ['FORBIDDEN']]);
    expect(ask({ subject: 'n', role: 'analyst' }).data).toEqual({ fixturePerson: { certificate: null } });
  });

  it('note a refusal by a field-level rule, and keep the rest of the answer', async () => {
    const { schema } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [FixtureResolver] });
    const analyst = createContext({ subject: 'a', role: 'analyst' }, undefined as never, 'test-request');
    const r = (await execute({ schema, document: parse(`{ fixturePersonById(id: "${ID_1.toUpperCase()}") { id secret } }`), contextValue: analyst })) as any;
    // the id argument reached the resolver canonicalised (lower case) by checkIdArguments
    expect(r.data).toEqual({ fixturePersonById: { id: ID_1, secret: null } });
    expect(r.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(analyst.audit.refusals.refusals.map((x) => [x.coordinate, x.code])).toEqual([['Person.secret', 'FORBIDDEN']]);
    // BAD_ID is checked before the resolver (checkIdArguments, on fields with arguments only)
    const bad = (await execute({ schema, document: parse('{ fixturePersonById(id: "nope") { id } }'), contextValue: analyst })) as any;
    expect(bad.errors.map((e: any) => e.extensions.reason)).toEqual(['BAD_ID']);
  });
});
