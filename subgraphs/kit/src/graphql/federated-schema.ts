import { buildSchema, createResolversMap, type BuildSchemaOptions, type NonEmptyArray } from 'type-graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { isNonNullType, parse, type GraphQLSchema } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { auditLogResolver } from '../audit/audit-log.resolver';
import { auditReads } from '../audit/read-middleware';
import { checkIdArguments, guardReferenceResolver, inputFieldPaths, validateArguments } from './input-errors';
import { accessDeclarations, assertAccessDeclared, fieldRuleEntriesOf, declaredCoordinates, typeWideRules, type AccessDeclaration, type AccessDeclarationRow } from '../access/declarations';
import type { DeclaredCoordinate } from '../access/classification';
import { protectedField, typeRule, type FieldRule } from '../access/policy';
import type { DataClass } from '../access/classification';
import { ROOT_TYPES, wrapFieldResolvers, type FieldMiddleware } from './field-middleware';
import { NO_PUBLIC_ACCESS, publicSiteAccessOf, publicSiteGate, type PublicSiteAccess } from '../access/public-site';

/**
 * The Federation 2 link every AidGraph subgraph declares. Composition 2.14 accepts link versions up to v2.14.
 * Without it a subgraph would silently be treated as Federation 1.
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@override"])';

/** What a reference resolver receives: the entity's representation (its key fields and any @requires fields). */
export type Representation = { __typename: string; id: string } & Record<string, unknown>;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /**
   * Entity and stub classes not reachable from a root field. A `Person` stub that only carries fields added by a
   * department must be listed here, or those fields vanish silently.
   */
  orphanedTypes?: Function[];
  /** `{ TypeName: { __resolveReference(representation, ctx) } }` — each must go through a DataLoader. */
  referenceResolvers?: GraphQLResolverMap<any>;
  globalMiddlewares?: BuildSchemaOptions['globalMiddlewares'];
  /**
   * The subgraph's name (e.g. `civil-affairs`): its audit log is then queryable by auditors as the root field
   * `<camelCaseName>AuditLog` (e.g. `civilAffairsAuditLog`).
   */
  subgraph?: string;
}

/**
 * Thrown by the schema build when a root Query field is non-null (`XConnection!`, `[X]!`, `X!`). A field error on a
 * non-null root field nulls the whole `data` of the answer (GraphQL's null propagation): one department down, or one
 * alias with a bad cursor, would wipe out every other field of the query. Every root Query field is nullable, so that
 * an error nulls that field only and the rest of the answer stands (README "Errors").
 */
export class NonNullRootFieldError extends Error {
  constructor(
    readonly subgraph: string,
    readonly fields: string[],
  ) {
    super(
      `${fields.length} root Query field(s) of subgraph ${subgraph} are non-null: ${fields.map((f) => `Query.${f}`).join(', ')}. ` +
        `Declare every root Query field nullable (\`@Query(() => XConnection, { nullable: true, ... })\`; a list: ` +
        `\`nullable: true\` or \`'itemsAndList'\`), so that an error in one field (a department down, a bad cursor) nulls ` +
        `that field only, not the whole answer.`,
    );
    this.name = 'NonNullRootFieldError';
  }
}

/**
 * Throw NonNullRootFieldError naming every root Query field of `schema` whose type is non-null (the federation's own
 * `_entities` and `_service` are added later, by buildSubgraphSchema, and are not checked).
 */
export function assertRootQueryFieldsNullable(schema: GraphQLSchema, subgraph: string): void {
  const fields = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((f) => !f.name.startsWith('_') && isNonNullType(f.type)).map((f) => f.name);
  if (fields.length) throw new NonNullRootFieldError(subgraph, fields);
}

/**
 * The kit's middlewares of one field, outermost first, chosen when the schema is built (each only where it can act):
 * on a root field, the public disclosure site's gate (a root field not declared `disclosure` is FORBIDDEN to the role
 * public, access/public-site.ts); on a field with arguments, a department's BAD_USER_INPUT named by its path from the
 * argument (inputFieldPaths), then ids and strings checked before anything is read (checkIdArguments: BAD_ID,
 * BAD_CHARACTER, the same on both databases, input-errors.ts); on every field, the one audit path (auditReads: a read
 * of a person's or household's object is noted, audit/read-middleware.ts); then the field's access rule: the type-wide
 * one (`@Protected` on an `@ObjectType` class, typeRule) or its own (each `@Protected` on the field, protectedField). A
 * department's own middlewares (type-graphql's, `@UseMiddleware`) run inside, around its resolver.
 */
function kitMiddlewares(
  typeName: string,
  field: { name: string; args: readonly unknown[]; extensions?: Record<string, unknown> | null },
  kit: { gate: FieldMiddleware; typeWideRules: ReadonlyMap<string, AccessDeclaration> },
): FieldMiddleware[] {
  const out: FieldMiddleware[] = [];
  if (ROOT_TYPES.has(typeName)) out.push(kit.gate);
  if (field.args.length) out.push(inputFieldPaths, checkIdArguments);
  out.push(auditReads);
  // every field-level rule, the first decorator outermost (as type-graphql ran them); else the type's
  const own = fieldRuleEntriesOf(field);
  if (own.length) for (const { rule } of own) out.push(protectedField(rule as FieldRule | DataClass));
  else {
    const declared = kit.typeWideRules.get(`${typeName}.${field.name}`);
    if (declared) out.push(typeRule(declared));
  }
  return out;
}

/** The root field of a subgraph's audit log: `civil-affairs` -> `civilAffairsAuditLog`. */
export function auditLogFieldName(subgraph: string): string {
  return subgraph.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) + 'AuditLog';
}

/**
 * Build a subgraph's federated schema from its type-graphql resolvers and print its SDL. Every field goes through the
 * kit's audit middleware (`auditReads`): reads of personal data and refusals are noted for the audit log. Deny by
 * default: every field must declare its access rule (`@Protected`, `@Public` or the classification table) or the
 * build throws AccessDeclarationError naming each field and the subgraph (access/declarations.ts).
 * Every root Query field must be nullable, or the build throws NonNullRootFieldError (one failing field must not null the
 * whole answer).
 * Returns the executable schema (with `_entities` and `_service`), the SDL that `schema/` composes and how each field
 * declares its access rule (`access`).
 */
export async function buildFederatedSchema(o: FederatedSchemaOptions): Promise<{
  schema: GraphQLSchema;
  sdl: string;
  access: AccessDeclarationRow[];
  declared: DeclaredCoordinate[];
  publicSite: PublicSiteAccess;
}> {
  // what the public disclosure site may use (access/public-site.ts), filled once the schema is built
  const publicSite = { current: NO_PUBLIC_ACCESS };
  const typeGraphQLSchema = await buildSchema({
    resolvers: (o.subgraph ? [...o.resolvers, auditLogResolver(auditLogFieldName(o.subgraph), o.subgraph)] : o.resolvers) as NonEmptyArray<Function>,
    orphanedTypes: o.orphanedTypes,
    validate: { forbidUnknownValues: false },
    // class-validator runs as before, but a violation answers the one input-error shape (graphql/input-errors.ts)
    validateFn: validateArguments,
    skipCheck: true,
    emitSchemaFile: false,
    // the kit's own middlewares are not type-graphql's: they are installed below (kitMiddlewares), synchronous
    globalMiddlewares: o.globalMiddlewares ?? [],
  });
  // deny by default: a field that declares no access rule (and is not exempt by construction) fails the build, naming
  // it (access/declarations.ts); --print-sdl, the server's start and schema/compose.js all build through here
  assertAccessDeclared(typeGraphQLSchema, o.subgraph ?? 'subgraph');
  // every root Query field is nullable: an error in one (a department down, a bad cursor) nulls that field only
  assertRootQueryFieldsNullable(typeGraphQLSchema, o.subgraph ?? 'subgraph');
  publicSite.current = publicSiteAccessOf(typeGraphQLSchema);
  // the kit's middlewares, chosen per field now that the schema's declarations are known (the executable schema that
  // federation rebuilds from the SDL keeps no extensions)
  const gate = publicSiteGate(publicSite);
  const rules = typeWideRules(typeGraphQLSchema);
  wrapFieldResolvers(typeGraphQLSchema, (type, field) => kitMiddlewares(type.name, field, { gate, typeWideRules: rules }));
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphQLSchema)}\n`;
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<any>;
  for (const [typeName, extra] of Object.entries(o.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(extra as object) };
  }
  // a representation whose key is not a well-formed id resolves to null for itself, before any loader sees it
  for (const r of Object.values(resolvers) as { __resolveReference?: (...a: any[]) => unknown }[])
    if (typeof r?.__resolveReference === 'function') r.__resolveReference = guardReferenceResolver(r.__resolveReference);
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]);
  return { schema, sdl, access: accessDeclarations(typeGraphQLSchema), declared: declaredCoordinates(typeGraphQLSchema, o.subgraph ?? 'subgraph'), publicSite: publicSite.current };
}
