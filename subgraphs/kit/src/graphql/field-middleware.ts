import { defaultFieldResolver, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { ResolverData } from 'type-graphql';

/**
 * A kit middleware around one field's resolver: it may check before, transform or note after, and must call `next`
 * at most once. Unlike type-graphql's MiddlewareFn it need not be async: when `next()` answers a plain value (a
 * property, a value already loaded) the middleware answers a plain value too, and the field resolves synchronously.
 * type-graphql runs every global middleware as a chain of async functions on every field, a property read included:
 * some ten promises per field and middleware, most of a subgraph's CPU for a one-person lookup. The kit's middlewares
 * are installed instead by wrapFieldResolvers, only on the fields they concern.
 */
export type FieldMiddleware<C extends object = any> = (data: ResolverData<C>, next: () => unknown) => unknown;

/** GraphQL's root operation types: a field of one of them is a root field. */
export const ROOT_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);

/** True for a promise or any thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * `after(value)` now when `value` is plain, or once it resolves when it is a promise; a rejection (or a throw from
 * `after`) is passed to `failed` when given, else passed on. The one way a FieldMiddleware continues after `next()`.
 */
export function afterValue(value: unknown, after: (v: unknown) => unknown, failed?: (e: unknown) => unknown): unknown {
  if (isPromiseLike(value)) return Promise.resolve(value).then(after, failed);
  return after(value);
}

/**
 * `next()`, with `failed(error)` answering for it when it throws or rejects (it rethrows, or throws another error).
 * Synchronous when `next()` is.
 */
export function catchNext(next: () => unknown, failed: (e: unknown) => unknown): unknown {
  let value: unknown;
  try {
    value = next();
  } catch (e) {
    return failed(e);
  }
  return isPromiseLike(value) ? Promise.resolve(value).then(undefined, failed) : value;
}

/** One field's middlewares run outermost first, around its resolver; synchronous when all of them and it are. */
export function chainFieldMiddlewares<C extends object>(middlewares: FieldMiddleware<C>[], resolve: GraphQLFieldResolver<unknown, C>): GraphQLFieldResolver<unknown, C> {
  if (middlewares.length === 0) return resolve;
  return (root, args, context, info) => {
    const data: ResolverData<C> = { root, args, context, info };
    const at = (i: number): unknown => (i === middlewares.length ? resolve(root, args, context, info) : middlewares[i](data, () => at(i + 1)));
    return at(0);
  };
}

/**
 * Wrap the resolver of every field of every object type of `schema` (introspection types excepted) with the
 * middlewares `forField` chooses for it at build time (none: the resolver is left as it is). The schema is changed in
 * place; call it before its resolvers are read (createResolversMap).
 */
export function wrapFieldResolvers(schema: GraphQLSchema, forField: (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>) => FieldMiddleware[]): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const middlewares = forField(type, field);
      if (middlewares.length) field.resolve = chainFieldMiddlewares(middlewares, field.resolve ?? defaultFieldResolver);
    }
  }
}
