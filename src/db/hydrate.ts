import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Helpers for hand-written SQL (lateral joins, ranked search) that still returns entities:
 * the select list and the row→entity mapping both come from the TypeORM metadata.
 */
export function selectList(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, prefix = ""): string {
  return ds
    .getMetadata(entity)
    .columns.filter((c) => c.isSelect)
    .map((c) => `${alias}."${c.databaseName}" AS "${prefix}${c.databaseName}"`)
    .join(", ");
}

/** Builds an entity instance from a raw row selected with selectList(…, prefix). */
export function hydrate<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>, prefix = ""): T {
  const metadata = ds.getMetadata(entity);
  const instance = metadata.create() as T;
  const driver = ds.driver;
  for (const column of metadata.columns) {
    if (!column.isSelect) continue;
    const raw = row[prefix + column.databaseName];
    (instance as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(raw, column);
  }
  return instance;
}
