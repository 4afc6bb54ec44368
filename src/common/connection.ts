import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { IsOptional, IsString, Max, MaxLength, Min } from "class-validator";

/** Most items a client may ask for in one page. */
export const MAX_PAGE_SIZE = 100;

@ObjectType("PageInfo", { description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;
  @Field(() => Boolean)
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true })
  startCursor: string | null;
  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** `first` of a list, capped at 100; null (as a nullable variable may send) means the default. */
export function limitArgs(defaultFirst: number) {
  @ArgsType()
  abstract class LimitArgs {
    private count = defaultFirst;

    @Field(() => Int, { nullable: true, defaultValue: defaultFirst, description: `How many, ${MAX_PAGE_SIZE} at most.` })
    @Min(0, { message: "first must not be negative" })
    @Max(MAX_PAGE_SIZE, { message: `first must be ${MAX_PAGE_SIZE} or less` })
    get first(): number {
      return this.count;
    }
    set first(value: number | null | undefined) {
      this.count = value ?? defaultFirst;
    }
  }
  return LimitArgs;
}

/** `first`/`after` arguments shared by every connection. */
export function pageArgs(defaultFirst: number) {
  @ArgsType()
  abstract class PageArgs extends limitArgs(defaultFirst) {
    @Field(() => String, { nullable: true, description: "Cursor of the last item already seen." })
    @IsOptional()
    @IsString()
    @MaxLength(500)
    after?: string | null;
  }
  return PageArgs;
}

/** A page of any connection, as resolvers return it; totalCount is counted only when asked for. */
export interface Page<T, E extends { cursor: string } = Edge<T>> {
  edges: E[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}
export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * Builds a page from rows fetched with `limit first + 1` (the extra row tells whether there is a
 * next page). `count` runs only if the client selects totalCount.
 */
export function toPage<T, E extends { cursor: string } = Edge<T>>(
  rows: readonly T[],
  first: number,
  after: string | null | undefined,
  cursorOf: (row: T, index: number) => string,
  count: () => Promise<number>,
  edgeOf: (row: T, cursor: string, index: number) => E = (node, cursor) => ({ cursor, node }) as unknown as E,
): Page<T, E> {
  const slice = rows.slice(0, first);
  const edges = slice.map((row, i) => edgeOf(row, cursorOf(row, i), i));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

/** Declares `<Name>Edge` and `<Name>Connection` GraphQL types for a node type. */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor: string;
    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];
    @Field(() => PageInfo)
    pageInfo: PageInfo;
    @Field(() => Int, { description: "Number of items in the whole list." })
    totalCount: number;
  }
  return ConnectionType;
}
