import { Extensions } from 'type-graphql';
import { getNamedType, isEnumType, isInputObjectType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { COORDINATES, DATA_CLASSES, departmentCoordinates, isTableCoordinate, type DataClass, type DeclaredCoordinate } from './classification';

/**
 * Deny by default (issue 13 item 2): every field a subgraph publishes declares the access rule of the data it carries,
 * or the schema build fails naming it. This file is the ONE place that says what counts as a declaration and which
 * fields are exempt by construction; `buildFederatedSchema` runs the check on every subgraph's schema, so
 * `--print-sdl`, the server's start, `npm run build` (schema/compose.js) and the kit's tests all refuse an undeclared
 * field.
 *
 * A field of an object type is declared when
 *  1. it carries `@Protected('<class>')` (or a `{ class, owner }` rule) itself — the rule is enforced on the field;
 *  2. its type carries `@Protected('<class>')` on the class (`@ObjectType() @Protected(...) class LegalAidCase`) — the
 *     rule is enforced on every field of the type that has no rule of its own, on itself or in the table (the kit's schema builder installs
 *     the middleware, typeRule in policy.ts); a department's records take the default class `department.record`:
 *     `@Protected({ class: 'department.record', owner: DEPARTMENT })`;
 *  3. it, or its type, carries `@Public('why it names no assisted person')`: a reviewed statement that the value is
 *     not personal or department data (class `public`; nothing is enforced, every role gets the value). Never for a
 *     value about a person or a department's record: those need a real class;
 *  4. the classification table names it (COORDINATES in classification.ts: a list, lookup or field whose resolver
 *     applies the class itself, through withheldAt / assertFiltersAllowed / count-only).
 *
 * Exempt by construction (ACCESS_EXEMPTIONS): introspection and federation internals (`__*`, `_*`: `_entities`,
 * `_service`, `_Service.sdl`), the fields of `Mutation` (writes are governed by assertCanWrite; what a mutation returns
 * is an object type whose fields are checked here), the key `id: ID!` of every object type (an opaque random UUID that
 * reads nothing: reading only it is not even audited), Relay plumbing (`PageInfo`, `<X>Connection.edges | pageInfo |
 * totalCount`, `<X>Edge.cursor | node`: the list that returns the connection is the classified coordinate, its count
 * follows it, and the node's own fields are checked), and what is not an object type (enums, scalars, unions; input
 * types: their filter fields are coordinates, checked by the kit's filter tests).
 */

/** The key of a field's or an object type's access declaration in its GraphQL `extensions`. */
export const ACCESS_EXTENSION = 'aidgraphAccess';

/**
 * The prefix of the keys under which a field's `@Protected(rule)` decorators keep their rules (a FieldRule or a data
 * class each, `aidgraphFieldRule:<n>`: a field may carry several) in the field's GraphQL `extensions`; the kit's schema
 * builder installs protectedField(rule) for each of them on that field (fieldRuleEntriesOf below,
 * graphql/federated-schema.ts).
 */
export const FIELD_RULE_EXTENSION = 'aidgraphFieldRule';

/** What one field-level `@Protected(rule)` keeps under its key: the rule as written, and the class it declares. */
export interface FieldRuleEntry<R = unknown> {
  rule: R;
  declaration: AccessDeclaration;
}

/**
 * The field-level `@Protected` decorations of a field of a built type-graphql schema (its extensions), in the order
 * their decorators ran (the lower decorator of a member first, a base class's before a subclass's). Empty for none.
 */
export function fieldRuleEntriesOf(field: { extensions?: Readonly<Record<string, unknown>> | null }): FieldRuleEntry[] {
  const prefix = `${FIELD_RULE_EXTENSION}:`;
  return Object.entries(field.extensions ?? {})
    .filter(([k]) => k.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, entry]) => entry as FieldRuleEntry);
}

/** What a field or type declares, as stored in its GraphQL `extensions[ACCESS_EXTENSION]`. */
export interface AccessDeclaration {
  /** the data class (a key of DATA_CLASSES) */
  class: DataClass;
  /** the owning department at this field or type, when the class has none or another one applies */
  owner?: string;
  /** for `@Public`: why the value names no assisted person (reviewed) */
  reason?: string;
}

/**
 * The class new departments' records take by default: that department, caseworkers in scope, auditors (FORBIDDEN to
 * other departments' officers and to analysts). No older class meant that: `programme.record` (counts of assistance
 * records) is seen by other departments and analysts, the health classes by analysts, `quasi.programme` by every officer.
 */
export const DEFAULT_RECORD_CLASS = 'department.record' satisfies DataClass;

/**
 * Declare a field (or every field of an object type, on the class) not personal or department data: class `public`,
 * every role gets the value, nothing is enforced. `reason` says why (it is reviewed with the change): e.g. "a charity
 * project is announced publicly". Never use it for a value about a person or a department's record.
 */
export function Public(reason: string): MethodDecorator & PropertyDecorator & ClassDecorator {
  if (!reason || !reason.trim()) throw new Error('@Public needs the reason why the value names no assisted person');
  const decl: AccessDeclaration = { class: 'public', reason };
  return Extensions({ [ACCESS_EXTENSION]: decl }) as MethodDecorator & PropertyDecorator & ClassDecorator;
}

/** The declaration a field or type carries in its extensions, if any. */
export function declarationOf(x: { extensions?: Record<string, unknown> | null } | undefined): AccessDeclaration | undefined {
  return (x?.extensions?.[ACCESS_EXTENSION] as AccessDeclaration | undefined) ?? undefined;
}

const RELAY_CONNECTION_FIELDS = new Set(['edges', 'pageInfo', 'totalCount']);
const RELAY_EDGE_FIELDS = new Set(['cursor', 'node']);

/**
 * Why a field is exempt from declaring an access rule, or null when it must declare one (the rules are listed in
 * this file's header; this function is their one implementation).
 */
export function exemptionOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string | null {
  const t = type.name;
  if (t.startsWith('_') || field.name.startsWith('_')) return 'federation or introspection internals';
  if (t === 'Mutation') return 'a write: governed by assertCanWrite; what it returns is checked as an object type';
  if (t === 'PageInfo') return 'Relay page info: positions, no data';
  if (t.endsWith('Connection') && RELAY_CONNECTION_FIELDS.has(field.name)) return 'Relay plumbing: the list returning the connection is classified';
  if (t.endsWith('Edge') && RELAY_EDGE_FIELDS.has(field.name)) return 'Relay plumbing: the node\'s fields are checked';
  if (field.name === 'id' && String(field.type) === 'ID!') return 'the key: an opaque random UUID';
  return null;
}

/** How a field is declared (its own rule, its type's, @Public, the table), or null when it is not. */
export function declaredAs(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string | null {
  const own = declarationOf(field);
  // every field-level rule, when a field carries several (`@Protected('identifier.idNumber') + @Protected('health.disability')`)
  const rules = fieldRuleEntriesOf(field);
  if (rules.length) return [...new Set(rules.map((r) => `@Protected('${r.declaration.class}')`))].join(' + ');
  if (own) return own.reason !== undefined ? '@Public' : `@Protected('${own.class}')`;
  const coordinate = COORDINATES[`${type.name}.${field.name}`];
  if (coordinate) return `table: ${coordinate.class}`;
  const ofType = declarationOf(type);
  if (ofType) return ofType.reason !== undefined ? `@Public on ${type.name}` : `@Protected('${ofType.class}') on ${type.name}`;
  return null;
}

/** The `Type.field` coordinates of `schema` that carry no access declaration and are not exempt. */
export function undeclaredFields(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (exemptionOf(type, field) || declaredAs(type, field)) continue;
      out.push(`${type.name}.${field.name}`);
    }
  }
  return out;
}

/** Declarations that name a class the table does not have (a typo must not pass as a rule). */
export function unknownClassDeclarations(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  const known = (d: AccessDeclaration | undefined) => !d || d.class in DATA_CLASSES;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (!known(declarationOf(type))) out.push(`${type.name} (${declarationOf(type)!.class})`);
    for (const field of Object.values(type.getFields()))
      if (!known(declarationOf(field))) out.push(`${type.name}.${field.name} (${declarationOf(field)!.class})`);
  }
  return out;
}

/** The build-time refusal of a schema with undeclared fields; its message names each field and the subgraph. */
export class AccessDeclarationError extends Error {
  constructor(
    readonly subgraph: string,
    readonly fields: string[],
    readonly unknownClasses: string[] = [],
    readonly unclassified: string[] = [],
  ) {
    const lines = [
      ...fields.map((f) => `  - ${subgraph}: ${f} declares no access rule`),
      ...unknownClasses.map((f) => `  - ${subgraph}: ${f} names a class that is not in DATA_CLASSES (subgraphs/kit/src/access/classification.ts)`),
      ...unclassified.map((c) =>
        c.includes('.field[')
          ? `  - ${subgraph}: the sort key ${c} is not classified: give the key an \`access\` rule in its listOrder(...)`
          : `  - ${subgraph}: the filter ${c} is not classified: classifyCoordinates({ '${c}': { class, owner, kind: 'filter' } }) next to its input type`,
      ),
    ];
    super(
      `deny by default: ${fields.length + unknownClasses.length + unclassified.length} field(s) of subgraph ${subgraph} carry no valid access rule:\n${lines.join('\n')}\n` +
        `Declare each where it is defined: @Protected('<class>') on the field, or on its @ObjectType class for every field of ` +
        `the type (a department's records: @Protected({ class: '${DEFAULT_RECORD_CLASS}', owner: DEPARTMENT }) = that department, ` +
        `caseworkers in scope, auditors); @Public('why') only for what names no assisted person. ` +
        `See README "Adding a department" and subgraphs/kit/src/access/declarations.ts.`,
    );
    this.name = 'AccessDeclarationError';
  }
}

/**
 * Throw AccessDeclarationError when a field of `schema` (a subgraph's type-graphql schema, before federation adds
 * `_entities`/`_service`) carries personal or department data without a declared rule, or declares an unknown class.
 * `buildFederatedSchema` calls it for every subgraph.
 */
export function assertAccessDeclared(schema: GraphQLSchema, subgraph: string): void {
  const fields = undeclaredFields(schema);
  const unknownClasses = unknownClassDeclarations(schema);
  const unclassified = unclassifiedArguments(schema);
  if (fields.length || unknownClasses.length || unclassified.length) throw new AccessDeclarationError(subgraph, fields, unknownClasses, unclassified);
}

/**
 * The filter fields (`<X>Filter.<field>`) and sort keys (`<X>Order.field[<KEY>]`) of `schema` that no classification
 * names (the kit's table or the department's classifyCoordinates / listOrder `access`): at run time they would be
 * refused to every role, so the build refuses them first.
 */
export function unclassifiedArguments(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type)) continue;
    if (type.name.endsWith('Filter'))
      for (const f of Object.keys(type.getFields())) if (COORDINATES[`${type.name}.${f}`]?.kind !== 'filter') out.push(`${type.name}.${f}`);
    const key = type.name.endsWith('Order') ? type.getFields().field : undefined;
    const keys = key ? getNamedType(key.type) : undefined;
    if (keys && isEnumType(keys))
      for (const v of keys.getValues()) if (COORDINATES[`${type.name}.field[${v.name}]`]?.kind !== 'sort') out.push(`${type.name}.field[${v.name}]`);
  }
  return out;
}

/**
 * The fields of `schema` that a type-wide rule governs (`@Protected(...)` on the class; not `@Public`): `Type.field` ->
 * the type's declaration, for each field with no rule of its own (a decorator or a row of the table: the table's
 * coordinates are applied by their resolvers) that is not exempt. The executable schema loses the
 * GraphQL extensions (federation rebuilds it from the SDL), so the kit's middleware (typeRule) is given its entry for each field.
 */
export function typeWideRules(schema: GraphQLSchema): Map<string, AccessDeclaration> {
  const out = new Map<string, AccessDeclaration>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const decl = declarationOf(type);
    if (!decl || decl.reason !== undefined) continue;
    for (const field of Object.values(type.getFields()))
      if (!declarationOf(field) && !COORDINATES[`${type.name}.${field.name}`] && !exemptionOf(type, field)) out.set(`${type.name}.${field.name}`, decl);
  }
  return out;
}

/** How one field of a subgraph declares its access rule (accessDeclarations). */
export interface AccessDeclarationRow {
  /** `Type.field` */
  coordinate: string;
  /** how it is declared (`@Protected('income')`, `@Protected('health.medical') on MedicalClaim`, `@Public`, `table: ...`), or null */
  declared: string | null;
  /** why it is exempt by construction, or null */
  exempt: string | null;
  /** the named type it returns */
  returns: string;
}

/** Each object-type field of `schema` with how it is declared or why it is exempt (for reports and tests). */
export function accessDeclarations(schema: GraphQLSchema): AccessDeclarationRow[] {
  const out: AccessDeclarationRow[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      out.push({ coordinate: `${type.name}.${field.name}`, declared: declaredAs(type, field), exempt: exemptionOf(type, field), returns: getNamedType(field.type).name });
  }
  return out;
}

/**
 * What a subgraph declares outside the kit's classification table, for the README's access matrix (`--print-access`,
 * schema/access-matrix.js): `Type.*` for a rule on a whole record type (every field without a rule of its own), each
 * field's own `@Protected` / `@Public`, and the filters, sort keys and lists the department classified in its own files
 * (classifyCoordinates). Coordinates the table holds are left out (the table's rows are the matrix's already).
 */
export function declaredCoordinates(schema: GraphQLSchema, subgraph: string): DeclaredCoordinate[] {
  const out: DeclaredCoordinate[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    const onType = declarationOf(type);
    if (onType)
      out.push({
        coordinate: `${type.name}.*`, subgraph, kind: 'field', class: onType.class, owner: onType.owner,
        note: onType.reason ?? 'every field of the type without a rule of its own',
      });
    for (const field of Object.values(type.getFields())) {
      const own = declarationOf(field);
      const coordinate = `${type.name}.${field.name}`;
      if (!own || isTableCoordinate(coordinate)) continue;
      out.push({ coordinate, subgraph, kind: 'field', class: own.class, owner: own.owner, note: own.reason });
    }
  }
  for (const [coordinate, c] of Object.entries(departmentCoordinates())) out.push({ ...c, coordinate, subgraph });
  return out.sort((a, b) => (a.coordinate < b.coordinate ? -1 : a.coordinate > b.coordinate ? 1 : 0));
}
