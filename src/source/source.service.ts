import type { Context } from "../context";
import { Source } from "./source.entity";

/** Every outlet, by name (a short list: outlets are configured, not user content). */
export async function listSources(ctx: Context): Promise<Source[]> {
  const sources = await ctx.ds.getRepository(Source).find({ order: { name: "ASC", code: "ASC" } });
  for (const s of sources) ctx.loaders.source.byId.prime(s.id, s);
  return sources;
}
