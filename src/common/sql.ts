/** Collects query parameters and hands out their placeholders ($1, $2, …): values never enter SQL text. */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder, with an optional cast (e.g. "uuid"). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** Escapes LIKE wildcards so user text matches literally. */
export const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => "\\" + c);
