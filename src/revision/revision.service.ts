import type { Context } from "../context";
import { toPage, type Page } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import type { Revision } from "./revision.types";

/** The versions of a story (also of a deleted one), newest first; `after` is a version's cursor. */
export async function listRevisions(ctx: Context, articleId: string, first: number, after?: string | null): Promise<Page<Revision>> {
  const before = after ? (decodeCursor(after, ["number"])[0] as number) : undefined;
  const loaders = ctx.loaders.revision;
  const rows = await loaders.pages.load(articleId, { before, limit: first + 1 });
  return toPage(rows, first, after, (r) => encodeCursor([r.revision]), () => loaders.counts.load(articleId));
}
