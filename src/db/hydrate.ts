import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import type { EntityMetadata } from "typeorm/metadata/EntityMetadata";

/**
 * Helpers for hand-written SQL (lateral joins, ranked search) that still returns entities:
 * the select list and the row→entity mapping both come from the TypeORM metadata.
 *
 * Array columns are selected as JSON: node-postgres parses text[] character by character in
 * JavaScript, JSON.parse is native and several times faster (article bodies are arrays).
 * Every other column type we use (uuid, text, integer, enum, timestamptz) already arrives as
 * the JavaScript value the entity holds, so hydration is a plain copy.
 */
interface ColumnMap {
  metadata: EntityMetadata;
  columns: { property: string; column: string; array: boolean; date: boolean }[];
}
const maps = new WeakMap<EntityMetadata, ColumnMap>();

function columnMap(ds: DataSource, entity: EntityTarget<ObjectLiteral>): ColumnMap {
  const metadata = ds.getMetadata(entity);
  let map = maps.get(metadata);
  if (!map) {
    map = {
      metadata,
      columns: metadata.columns.filter((c) => c.isSelect).map((c) => ({ property: c.propertyName, column: c.databaseName, array: c.isArray, date: c.type === "timestamptz" })),
    };
    maps.set(metadata, map);
  }
  return map;
}

/** The select list of an entity's columns (less `omit`, by property name), prefixed for hydrate(). */
export function selectList(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, prefix = "", omit: readonly string[] = []): string {
  return columnMap(ds, entity)
    .columns.filter((c) => !omit.includes(c.property))
    .map((c) => (c.array ? `to_json(${alias}."${c.column}") AS "${prefix}${c.column}"` : `${alias}."${c.column}" AS "${prefix}${c.column}"`))
    .join(", ");
}

/**
 * Builds an entity instance from a raw row selected with selectList(…, prefix), or from a JSON
 * object with the same keys (row_to_json, json_build_object): times arrive there as text.
 */
export function hydrate<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>, prefix = ""): T {
  const { metadata, columns } = columnMap(ds, entity);
  const instance = metadata.create() as Record<string, unknown>;
  for (const c of columns) {
    const key = prefix + c.column;
    if (!(key in row)) continue;
    const value = row[key];
    instance[c.property] = c.date && typeof value === "string" ? new Date(value) : value;
  }
  return instance as T;
}

/** json_build_object arguments for an entity's columns (less `omit`) of `alias`, keyed as hydrate() reads them. */
export function jsonFields(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, omit: readonly string[] = []): string {
  return columnMap(ds, entity)
    .columns.filter((c) => !omit.includes(c.property))
    .map((c) => `'${c.column}', ${alias}."${c.column}"`)
    .join(", ");
}
