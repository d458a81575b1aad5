import { Field, Int, ObjectType, Directive, ArgsType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm) for every list query of every subgraph.
 * Order is stable: by the entity's primary key. A cursor is opaque (base64url of the key of the last row seen).
 */

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a connection stands (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page; pass it as `after` for the next page. Null on an empty page.' })
  endCursor: string | null;
}

/** Arguments of every list query: `first` (1-500, default 50) and `after` (a cursor from a previous page). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many items to return: 1 to 500 (default 50).' })
  @Min(1)
  @Max(500)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (an `endCursor` or an edge `cursor`).' })
  after?: string | null;
}

export function encodeCursor(key: string | number): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!s.startsWith('k:') || s.length < 3) throw badInput('`after` is not a cursor that this list gave out', 'after', 'BAD_CURSOR');
  return s.slice(2);
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** resolved only when the query asks for it */
  totalCount: () => Promise<number>;
}

/** The type-graphql classes of a connection over `nodeType`, named `<name>Connection` and `<name>Edge`. */
export function connectionType<T>(nodeType: new (...a: any[]) => T, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in the list\'s stable order.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursor to continue from.' })
    pageInfo: PageInfo;

    count: () => Promise<number>;

    @Field(() => Int, { description: 'How many items match the filter, over all pages.' })
    async totalCount(): Promise<number> {
      return this.count();
    }

    static of(page: Page<T>): Connection {
      const c = new Connection();
      c.edges = page.edges;
      c.pageInfo = page.pageInfo;
      c.count = page.totalCount;
      return c;
    }
  }
  return Connection;
}

/**
 * Run a keyset-paginated query: `qb` already carries the filters; rows are ordered by `alias.key` ascending,
 * `first + 1` are fetched to know whether a next page exists. The count runs only when asked for.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null },
  key = 'id',
): Promise<Page<T>> {
  const first = args.first ?? 50;
  if (first < 1 || first > 500) throw badInput('`first` must be between 1 and 500', 'first', 'OUT_OF_RANGE');
  const alias = qb.alias;
  const countQb = qb.clone();
  const pageQb = qb.clone();
  if (args.after) {
    const after = decodeCursor(args.after);
    const valid = key === 'id' ? /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(after) : /^\d{1,15}$/.test(after);
    if (!valid) throw badInput('`after` is not a cursor that this list gave out', 'after', 'BAD_CURSOR');
    pageQb.andWhere(`${alias}.${key} > :__after`, { __after: after });
  }
  const rows = await pageQb.orderBy(`${alias}.${key}`, 'ASC').limit(first + 1).getMany();
  const hasNextPage = rows.length > first;
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor((node as Record<string, string>)[key]), node }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: () => (total ??= countQb.getCount()),
  };
}
