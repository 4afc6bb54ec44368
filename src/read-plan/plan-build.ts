import { getNamedType, isObjectType, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { collectSubfields } from "graphql/execution/collectFields.js";

/** Thrown while compiling: the selection holds something the compiled path does not know. */
export class NotCompiled extends Error {}

/** Thrown while running a plan: this request's arguments need the general path (it answers with the error). */
export class UseGeneralPath extends Error {}

/** A SQL parameter's value, taken from the request's coerced variables. */
export type ParamValue = (vars: Record<string, unknown>) => unknown;

/**
 * What compiling one operation collects: the document's fragments, the variable values its
 * @skip/@include read, the SQL parameters (their values come from each request's variables),
 * fresh table aliases, and the object types the answer can reach (for their cache hints).
 */
export class PlanBuild {
  readonly params: { value: ParamValue; cast: string }[] = [];
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
