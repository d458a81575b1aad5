import { GraphQLError, Kind, isObjectType, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ROOT_TYPES, type FieldMiddleware } from '../graphql/field-middleware';
import type { SubgraphContext } from '../context';
import type { Identity } from './identity';
import { forbidden } from '../errors';
import { declarationOf } from './declarations';
import { departmentCoordinates } from './classification';

/**
 * The public disclosure site (role `public`, 公开公示网站): deny by default, at the root. Its token names no person, no
 * township, no department; it may use only the root fields and the entity types declared with the class `disclosure`
 * (the public notices in force, 公示). Everything else — every list, lookup, count, statistics query and mutation of
 * every subgraph, `_entities` of any other type and `_service` — is FORBIDDEN to it (an error, not an empty list, not
 * null), whatever the field's own class says. The class outcomes (classification.ts, column publicSite) say the same a
 * second time: every class but `disclosure` is FORBIDDEN to it.
 */
export const DISCLOSURE_CLASS = 'disclosure';

/** What the public role may use in one subgraph: root coordinates (`Query.publicNotices`) and `_entities` types. */
export interface PublicSiteAccess {
  rootFields: ReadonlySet<string>;
  entityTypes: ReadonlySet<string>;
}

export const NO_PUBLIC_ACCESS: PublicSiteAccess = { rootFields: new Set(), entityTypes: new Set() };


/**
 * The public site's allowances of a built (type-graphql) schema: the root fields that declare `@Protected('disclosure')`
 * themselves, and the object types that declare it on the type (`@Protected('disclosure')` on the class), whose
 * `_entities` the gateway may resolve for the public role.
 */
export function publicSiteAccessOf(schema: GraphQLSchema): PublicSiteAccess {
  const rootFields = new Set<string>();
  const entityTypes = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (ROOT_TYPES.has(type.name)) {
      for (const f of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${f.name}`;
        // declared on the field (@Protected('disclosure')) or classified by a kit generator (fund use: classifyCoordinates)
        if (declarationOf(f)?.class === DISCLOSURE_CLASS || departmentCoordinates()[coordinate]?.class === DISCLOSURE_CLASS) rootFields.add(coordinate);
      }
    } else if (declarationOf(type)?.class === DISCLOSURE_CLASS) entityTypes.add(type.name);
  }
  return { rootFields, entityTypes };
}

const REFUSAL = 'the public disclosure site (role public) sees only the public notices in force (publicNotices) and the fund use (…FundUse); this field is not one of them';

/** The FORBIDDEN error of a root field the public site may not use (the message depends only on the role). */
export function publicSiteRefusal(): GraphQLError {
  return forbidden(REFUSAL);
}

/**
 * The kit's root gate for the public role (installed first on every field by buildFederatedSchema): a root field not
 * declared `disclosure` is FORBIDDEN before its resolver runs. `access` is filled once the schema is built.
 */
export function publicSiteGate(access: { current: PublicSiteAccess }): FieldMiddleware<SubgraphContext> {
  return ({ context, info }, next) => {
    if (context?.identity?.role === 'public' && ROOT_TYPES.has(info.parentType.name) && !access.current.rootFields.has(`${info.parentType.name}.${info.fieldName}`))
      throw publicSiteRefusal();
    return next();
  };
}

/** The `__typename`s of the representations the `_entities` fields of a document ask for (literal lists or list variables). */
export function entityTypenames(document: DocumentNode, variables: Record<string, unknown>): string[] {
  const out: string[] = [];
  const nameOf = (r: unknown) => (r && typeof r === 'object' ? String((r as { __typename?: unknown }).__typename ?? '') : '');
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value !== '_entities') return;
      const arg = node.arguments?.find((a) => a.name.value === 'representations');
      if (arg?.value.kind === Kind.LIST) {
        for (const v of arg.value.values) {
          const t = v.kind === Kind.OBJECT ? v.fields.find((f) => f.name.value === '__typename')?.value : undefined;
          out.push(t?.kind === Kind.STRING ? t.value : '');
        }
      } else if (arg?.value.kind === Kind.VARIABLE) {
        const v = variables[arg.value.name.value];
        if (Array.isArray(v)) out.push(...v.map(nameOf));
        else out.push('');
      } else out.push('');
    },
  });
  return out;
}

/**
 * FORBIDDEN (reason PUBLIC_SITE) when a public identity's request selects `_service`, or `_entities` of a type that is
 * not a disclosure type of this subgraph; decided from the request alone, before execution.
 */
export function assertPublicSiteFederation(identity: Identity | undefined, document: DocumentNode, variables: Record<string, unknown>, access: PublicSiteAccess): void {
  if (identity?.role !== 'public') return;
  let service = false;
  let entities = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '_service') service = true;
      if (node.name.value === '_entities') entities = true;
    },
  });
  const refused = service || (entities && entityTypenames(document, variables).some((t) => !access.entityTypes.has(t)));
  if (refused)
    throw new GraphQLError(`${service ? '_service' : '_entities'}: ${REFUSAL}`, { extensions: { code: 'FORBIDDEN', reason: 'PUBLIC_SITE', http: { status: 403 } } });
}
