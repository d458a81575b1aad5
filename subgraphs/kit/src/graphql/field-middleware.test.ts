import { Arg, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { execute, parse } from 'graphql';
import { afterValue, catchNext, chainFieldMiddlewares, isPromiseLike, type FieldMiddleware } from './field-middleware';
import { buildFederatedSchema } from './federated-schema';
import { Protected } from '../access/policy';
import { accessDeclarations, Public } from '../access/declarations';
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

// the same two rules spread over two classes: a base class and a subclass that redeclares the field ...
@ObjectType('BaseCertificate', { description: 'A base class (test fixture).' })
class BaseCertificate {
  @Protected('identifier.idNumber')
  @Field(() => String, { nullable: true, description: 'The number (test fixture).' })
  number: string;
}

@ObjectType('SubCertificate', { description: 'A subclass adding a rule to an inherited field (test fixture).' })
class SubCertificate extends BaseCertificate {
  @Protected({ sensitiveOf: 'DISABLED_PERSONS_FEDERATION' })
  @Field(() => String, { nullable: true, description: 'The number, with one more rule (test fixture).' })
  declare number: string;
}

// ... and an entity's field and a resolver's @FieldResolver of the same name
@ObjectType('SplitCertificate', { description: 'An entity whose field is answered by a field resolver (test fixture).' })
class SplitCertificate {
  @Protected({ sensitiveOf: 'DISABLED_PERSONS_FEDERATION' })
  @Field(() => String, { nullable: true, description: 'The number (test fixture).' })
  number: string;
}

@Resolver(() => SplitCertificate)
class SplitCertificateResolver {
  @Protected('identifier.idNumber')
  @FieldResolver(() => String, { nullable: true, description: 'The number, by a field resolver (test fixture).' })
  number(@Root() c: SplitCertificate): string {
    return c.number;
  }

  @Public('test fixture')
  @Query(() => [SubCertificate], { nullable: true, description: 'Certificates (test fixture).' })
  subCertificates(): SubCertificate[] {
    return [Object.assign(new SubCertificate(), { number: '37028119800101123X41' })];
  }

  @Public('test fixture')
  @Query(() => [SplitCertificate], { nullable: true, description: 'Certificates (test fixture).' })
  splitCertificates(): SplitCertificate[] {
    return [Object.assign(new SplitCertificate(), { number: '37028119800101123X41' })];
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

  it('apply the rules of a field spread over a class and its subclass, or an entity and a field resolver', async () => {
    const { schema, access } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [FixtureResolver, SplitCertificateResolver] });
    const medical = createContext({ subject: 'm', role: 'department_officer', department: 'MEDICAL_SECURITY' }, undefined as never, 'test-request');
    const analyst = createContext({ subject: 'n', role: 'analyst' }, undefined as never, 'test-request');
    for (const list of ['subCertificates', 'splitCertificates']) {
      // the sensitive rule refuses another department's officer; the ID number rule gives an analyst null
      const r = execute({ schema, document: parse(`{ ${list} { number } }`), contextValue: medical }) as any;
      expect([list, r.data, r.errors?.map((e: any) => e.extensions.code)]).toEqual([list, { [list]: [{ number: null }] }, ['FORBIDDEN']]);
      expect([list, (execute({ schema, document: parse(`{ ${list} { number } }`), contextValue: analyst }) as any).data]).toEqual([list, { [list]: [{ number: null }] }]);
    }
    // the access declarations name both rules
    const declared = Object.fromEntries(access.map((a) => [a.coordinate, a.declared]));
    expect([declared['SubCertificate.number'], declared['SplitCertificate.number']].map((d) => d?.split(' + ').sort())).toEqual([
      ["@Protected('health.disability')", "@Protected('identifier.idNumber')"],
      ["@Protected('health.disability')", "@Protected('identifier.idNumber')"],
    ]);
    expect(declared['Person.certificate']?.split(' + ').sort()).toEqual(["@Protected('health.disability')", "@Protected('identifier.idNumber')"]);
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
