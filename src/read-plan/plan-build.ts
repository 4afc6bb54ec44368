import { getNamedType, isObjectType, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { collectSubfields } from "graphql/execution/collectFields.js";

/** Thrown while compiling: the selection holds something the compiled path does not know. */
export class NotCompiled extends Error {}

/** Thrown while running a plan: this request's arguments need the general path (it answers with the error). */
export class UseGeneralPath extends Error {}

/** A SQL parameter's value, taken from the request's coerced variables. */
export type ParamValue = (vars: Record<string, unknown>) => unknown;

/** A row limit's value for a request (a whole number, checked where it is taken from the request). */
export type LimitValue = (vars: Record<string, unknown>) => number;

/** Where a row limit goes in compiled SQL text: its index between two marks no SQL text holds. */
const LIMIT_MARK = /\u0001(\d+)\u0001/;

/**
 * What compiling one operation collects: the document's fragments, the variable values its
 * @skip/@include read, the SQL parameters (their values come from each request's variables),
 * fresh table aliases, and the object types the answer can reach (for their cache hints).
 */
export class PlanBuild {
  readonly params: { value: ParamValue; cast: string }[] = [];
  readonly limits: LimitValue[] = [];
  readonly types = new Set<GraphQLObjectType>();
  private aliases = 0;

  constructor(
    readonly schema: GraphQLSchema,
    readonly fragments: Record<string, FragmentDefinitionNode>,
    readonly vars: Record<string, unknown>,
  ) {}

  /** A placeholder for a parameter whose value each request computes. */
  param(value: ParamValue, cast: string): string {
    this.params.push({ value, cast });
    return `$${this.params.length}::${cast}`;
  }

  /** A row limit, written into the text per request (see LimitedSql). */
  limit(value: LimitValue): string {
    this.limits.push(value);
    return `\u0001${this.limits.length - 1}\u0001`;
  }

  /** A fresh table alias. */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  /** The fields selected on `type` by `nodes` (fragments, aliases, @skip/@include as graphql-js collects them). */
  subfields(type: GraphQLObjectType, nodes: readonly FieldNode[]): Map<string, readonly FieldNode[]> {
    return collectSubfields(this.schema, this.fragments, this.vars, type, nodes);
  }

  /** The object type a field of `parent` returns (through lists and non-null); other types are not compiled. */
  objectType(parent: GraphQLObjectType, field: string): GraphQLObjectType {
    const def = parent.getFields()[field];
    const type = def && getNamedType(def.type);
    if (!type || !isObjectType(type)) throw new NotCompiled();
    return type;
  }

  /** Notes that the answer may contain objects of `type`. */
  reach(type: GraphQLObjectType): void {
    this.types.add(type);
  }
}

/**
 * Compiled SQL whose row limits are numbers in its text, one text per set of limits. A prepared
 * statement with `LIMIT $n` keeps custom plans: the generic plan cannot know how few rows are
 * wanted, so PostgreSQL estimates it dearer and plans every execution anew (a feed page spent
 * ~0.4 ms planning beside ~0.5 ms running). With the number in the text each limit a client
 * uses is its own prepared statement, planned once; the limits come from `first` arguments the
 * plan has checked (0 to 100), and a value that is not such a number is refused here.
 */
export class LimitedSql {
  private readonly parts: string[];
  private readonly texts = new Map<string, string>();

  constructor(text: string) {
    this.parts = text.split(LIMIT_MARK);
  }

  text(limits: readonly number[]): string {
    if (this.parts.length === 1) return this.parts[0];
    const key = limits.join(",");
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.parts.map((part, i) => (i % 2 ? String(rowLimit(limits[Number(part)])) : part)).join("");
      if (this.texts.size < 1000) this.texts.set(key, text);
    }
    return text;
  }
}

function rowLimit(n: number | undefined): number {
  if (n === undefined || !Number.isSafeInteger(n) || n < 0 || n > 1000) throw new Error(`compiled read: row limit ${n} is not a whole number from 0 to 1000`);
  return n;
}
