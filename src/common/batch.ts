import DataLoader from "dataloader";

/** A DataLoader whose batch function returns rows that carry their key; misses become null. */
export function keyedLoader<K extends string, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const value of await load(keys)) byKey.set(keyOf(value), value);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** A DataLoader of lists: rows are grouped by the key they carry, in the order the query gave. */
export function groupedLoader<K extends string, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
    for (const value of await load(keys)) groups.get(keyOf(value))?.push(value);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** A DataLoader of counts per key (missing keys count 0). */
export function countLoader<K extends string>(load: (keys: readonly K[]) => Promise<{ key: K; n: number | string }[]>): DataLoader<K, number> {
  return new DataLoader<K, number>(async (keys) => {
    const counts = new Map<K, number>();
    for (const row of await load(keys)) counts.set(row.key, Number(row.n));
    return keys.map((k) => counts.get(k) ?? 0);
  });
}

/**
 * Loaders for fields that take arguments (a page of a parent's articles, say): one DataLoader
 * per distinct argument set, so parents asking for the same page shape share one statement.
 */
export class LoaderFamily<K, V, A> {
  private readonly loaders = new Map<string, DataLoader<K, V>>();
  constructor(private readonly make: (args: A) => DataLoader<K, V>) {}

  load(key: K, args: A): Promise<V> {
    const id = JSON.stringify(args);
    let loader = this.loaders.get(id);
    if (!loader) {
      loader = this.make(args);
      this.loaders.set(id, loader);
    }
    return loader.load(key);
  }
}
