import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { listOrder } from '../graphql/pagination';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../graphql/federated-schema';
import { createContext, type SubgraphContext } from '../context';
import { Protected, inScope } from './policy';
import { AccessDeclarationError, DEFAULT_RECORD_CLASS, Public, type AccessDeclarationRow } from './declarations';
import { DATA_CLASSES, MATRIX_ROLES } from './classification';
import type { Identity } from './identity';

/**
 * Deny by default (issue 13 item 2): a subgraph built by the README's steps ("Adding a department") that adds a field
 * to Person, or a record type, without an access rule fails its schema build, naming the field; with the default
 * class (department.record) it builds, and the rule holds: that department, caseworkers in scope, auditors.
 */
const ROOT = join(__dirname, '../../../..');
const PERSON_ID = '5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';
const IN_TOWNSHIP = '370281001';
const OTHER_TOWNSHIP = '370281002';

// a legal-aid department as a new department would first write it: no rule anywhere
@ObjectType('LegalAidCase', { description: '法律援助案件 A legal-aid case.' })
class UndeclaredCase {
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Field({ description: '案由 The charge.' })
  charge: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person of the registry.' })
class UndeclaredPerson {
  @Field(() => ID, { description: 'The registry id.' })
  id: string;
}

@Resolver(() => UndeclaredPerson)
class UndeclaredPersonResolver {
  @FieldResolver(() => [UndeclaredCase], { nullable: true, description: 'The person\'s legal-aid cases.' })
  legalAidCases(): UndeclaredCase[] {
    return [];
  }
}

// the same department following the README: one decorator on the Person stub, one on the record type
const LEGAL_AID = 'LEGAL_AID';
const CASES = [
  { id: 'c1', personId: PERSON_ID, charge: '盗窃 theft', townshipCode: IN_TOWNSHIP },
  { id: 'c2', personId: PERSON_ID, charge: '诈骗 fraud', townshipCode: OTHER_TOWNSHIP },
];

@Protected({ class: DEFAULT_RECORD_CLASS, owner: LEGAL_AID })
@ObjectType('LegalAidCase', { description: '法律援助案件 A legal-aid case.' })
class DeclaredCase {
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Field(() => String, { nullable: true, description: '案由 The charge.' })
  charge: string;

  @Public('the name of the legal-aid centre is public (test fixture)')
  @Field({ description: 'The centre.' })
  centre: string;

  townshipCode: string;
}

@Protected({ class: DEFAULT_RECORD_CLASS, owner: LEGAL_AID })
@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person of the registry.' })
class DeclaredPerson {
  @Field(() => ID, { description: 'The registry id.' })
  id: string;
}

@Resolver(() => DeclaredPerson)
class DeclaredPersonResolver {
  @FieldResolver(() => [DeclaredCase], { nullable: true, description: 'The person\'s legal-aid cases, in the caller\'s scope.' })
  legalAidCases(@Root() p: DeclaredPerson, @Ctx() ctx: SubgraphContext): DeclaredCase[] {
    return CASES.filter((c) => c.personId === p.id && inScope(ctx.identity, c.townshipCode)).map((c) => Object.assign(new DeclaredCase(), c, { centre: '胶州市法律援助中心' }));
  }

  @Protected({ class: DEFAULT_RECORD_CLASS, owner: LEGAL_AID })
  @Query(() => [DeclaredCase], { nullable: true, description: 'Every case, unscoped (to show the type-wide rule on rows of another township).' })
  legalAidCasesUnscoped(): DeclaredCase[] {
    return CASES.map((c) => Object.assign(new DeclaredCase(), c, { centre: '胶州市法律援助中心' }));
  }
}

const personReference = { Person: { __resolveReference: (r: { id: string }) => Object.assign(new DeclaredPerson(), { id: r.id }) } };

async function run(schema: GraphQLSchema, identity: Identity, query: string) {
  const ctx = createContext(identity, undefined as never, 'test-request');
  return execute({ schema, document: parse(query), contextValue: ctx, variableValues: { r: [{ __typename: 'Person', id: PERSON_ID }] } });
}
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { legalAidCases { id charge centre } } } }';

describe('deny by default: the schema build refuses a field without an access rule', () => {
  it('fails a new department\'s schema whose Person field and record declare no rule, naming each field and the subgraph', async () => {
    const build = buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [UndeclaredPersonResolver], orphanedTypes: [UndeclaredPerson] });
    await expect(build).rejects.toBeInstanceOf(AccessDeclarationError);
    const e = (await build.catch((x) => x)) as AccessDeclarationError;
    expect(e.subgraph).toBe('legal-aid');
    expect([...e.fields].sort()).toEqual(['LegalAidCase.charge', 'Person.legalAidCases']);
    expect(e.message).toContain('legal-aid: Person.legalAidCases declares no access rule');
    expect(e.message).toContain('legal-aid: LegalAidCase.charge declares no access rule');
    expect(e.message).toContain(`@Protected({ class: '${DEFAULT_RECORD_CLASS}', owner: DEPARTMENT })`);
    // the key and the federation internals are exempt by construction
    expect(e.message).not.toContain('Person.id');
    expect(e.message).not.toContain('LegalAidCase.id');
  });

  it('builds the same department with the default class, and enforces it: that department, caseworkers in scope, auditors', async () => {
    const { schema, sdl } = await buildFederatedSchema({
      subgraph: 'legal-aid',
      resolvers: [DeclaredPersonResolver],
      orphanedTypes: [DeclaredPerson],
      referenceResolvers: personReference,
    });
    expect(sdl).toContain('legalAidCases');
    const cases = async (identity: Identity) => {
      const r = await run(schema, identity, ENTITIES);
      return { data: (r.data?._entities as any[] | undefined)?.[0]?.legalAidCases ?? null, codes: (r.errors ?? []).map((x) => x.extensions?.code) };
    };
    const owner = await cases({ subject: 'o', role: 'department_officer', department: LEGAL_AID });
    expect(owner).toEqual({ data: [{ id: 'c1', charge: '盗窃 theft', centre: '胶州市法律援助中心' }, { id: 'c2', charge: '诈骗 fraud', centre: '胶州市法律援助中心' }], codes: [] });
    expect(await cases({ subject: 'a', role: 'auditor' })).toEqual(owner);
    expect(await cases({ subject: 'c', role: 'caseworker', township: IN_TOWNSHIP })).toEqual({ data: [owner.data[0]], codes: [] });
    expect(await cases({ subject: 'c', role: 'caseworker', township: '370281003' })).toEqual({ data: [], codes: [] });
    // the education officer and the analyst of the issue: refused, nothing of the cases
    for (const who of [{ subject: 'e', role: 'department_officer', department: 'EDUCATION' }, { subject: 'n', role: 'analyst' }] as Identity[])
      expect(await cases(who)).toEqual({ data: null, codes: ['FORBIDDEN'] });
  });

  it('applies a type-wide rule to each field of a record, by the record\'s township for caseworkers', async () => {
    const { schema } = await buildFederatedSchema({ subgraph: 'legal-aid', resolvers: [DeclaredPersonResolver], orphanedTypes: [DeclaredPerson], referenceResolvers: personReference });
    const r = await run(schema, { subject: 'c', role: 'caseworker', township: IN_TOWNSHIP }, '{ legalAidCasesUnscoped { id charge centre } }');
    expect(r.errors).toBeUndefined();
    // a row of another township that a faulty list let through: its data is omitted (null), its public field stays
    expect(r.data?.legalAidCasesUnscoped).toEqual([
      { id: 'c1', charge: '盗窃 theft', centre: '胶州市法律援助中心' },
      { id: 'c2', charge: null, centre: '胶州市法律援助中心' },
    ]);
    const other = await run(schema, { subject: 'h', role: 'department_officer', department: 'HOUSING' }, '{ legalAidCasesUnscoped { id } }');
    expect(other.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'this field is sensitive data of LEGAL_AID (department.record); your role may not see it'],
    ]);
  });

  it('refuses a rule of no class, and the default class without its department', () => {
    expect(() => Protected('no.such.class' as never)).toThrow(/unknown data class 'no.such.class'/);
    expect(() => Protected(DEFAULT_RECORD_CLASS)).toThrow(/needs the owning department/);
    expect(() => Public('  ')).toThrow(/reason/);
  });

  it('has the default class in the table with the outcomes the issue asks for', () => {
    expect(DATA_CLASSES[DEFAULT_RECORD_CLASS].outcomes).toEqual({
      caseworkerInScope: 'value',
      caseworkerOutOfScope: 'omitted',
      villageAssistant: 'omitted',
      officerOwner: 'value',
      officerOther: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      auditor: 'value',
      publicSite: 'FORBIDDEN',
    });
    expect(Object.keys(DATA_CLASSES[DEFAULT_RECORD_CLASS].outcomes).sort()).toEqual([...MATRIX_ROLES].sort());
  });
});

describe('deny by default: every existing subgraph declares a rule for every field it publishes', () => {
  const subgraphs = readdirSync(join(ROOT, 'subgraphs')).filter((d) => existsSync(join(ROOT, 'subgraphs', d, 'src/subgraph.ts')));

  it('finds the subgraphs', () => {
    expect(subgraphs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(subgraphs)('%s builds, with no undeclared field', async (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'subgraphs', name, 'src/subgraph.ts')) as Record<string, unknown>;
    const def = Object.values(mod).find((v): v is { name: string; buildSchema: () => Promise<{ access: AccessDeclarationRow[] }> } => !!v && typeof (v as { buildSchema?: unknown }).buildSchema === 'function');
    expect(def?.name).toBe(name);
    // the build itself throws on an undeclared field (AccessDeclarationError); the rows say how each is declared
    const { access } = await def!.buildSchema();
    expect(access.filter((r) => !r.exempt && !r.declared)).toEqual([]);
    const rows = access.filter((r) => !r.exempt);
    expect(rows.length).toBeGreaterThan(20);
    // every department adds classified data to Person (a field of its own or of the table)
    expect(rows.filter((r) => r.coordinate.startsWith('Person.') && r.declared).length).toBeGreaterThan(0);
    // @Public is never what a Person field declares
    expect(rows.filter((r) => r.coordinate.startsWith('Person.') && r.declared?.startsWith('@Public'))).toEqual([]);
  });
});

// a list whose filter and sort key nobody classified: at run time they would be refused to every role
@InputType('ProbeCaseFilter', { description: 'Filters.' })
class ProbeCaseFilter {
  @Field(() => String, { nullable: true, description: 'Only this matter.' })
  matter?: string | null;
}
const ProbeOrdering = listOrder('ProbeCase', { OPENED_ON: { property: 'openedOn', kind: 'date', description: 'By opening date.' } });

@Resolver()
class UnclassifiedListResolver {
  @Protected({ class: DEFAULT_RECORD_CLASS, owner: 'JUSTICE' })
  @Query(() => [String], { nullable: true, description: 'A list with a filter and an order.' })
  probeCases(
    @Arg('filter', () => ProbeCaseFilter, { nullable: true, description: 'Filters.' }) _filter: ProbeCaseFilter | null,
    @Arg('orderBy', () => ProbeOrdering.input, { nullable: true, description: 'The order.' }) _orderBy: unknown,
  ): string[] {
    return [];
  }
}

describe('deny by default: filters and sort keys', () => {
  it('refuses a schema whose filter or sort key no classification names, saying where to declare it', async () => {
    const build = buildFederatedSchema({ subgraph: 'probe', resolvers: [UnclassifiedListResolver] });
    const e = (await build.catch((x) => x)) as AccessDeclarationError;
    expect(e).toBeInstanceOf(AccessDeclarationError);
    expect([...e.unclassified].sort()).toEqual(['ProbeCaseFilter.matter', 'ProbeCaseOrder.field[ID]', 'ProbeCaseOrder.field[OPENED_ON]']);
    expect(e.message).toContain("probe: the filter ProbeCaseFilter.matter is not classified: classifyCoordinates({ 'ProbeCaseFilter.matter'");
    expect(e.message).toContain('probe: the sort key ProbeCaseOrder.field[OPENED_ON] is not classified: give the key an `access` rule in its listOrder(...)');
  });
});
