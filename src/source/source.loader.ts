import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { keyedLoader } from "../common/batch";
import { Source } from "./source.entity";

export function createSourceLoaders(ds: DataSource) {
  const repo = ds.getRepository(Source);
  return {
    byId: keyedLoader<string, Source>((ids) => repo.findBy({ id: In([...ids]) }), (s) => s.id),
    byCode: keyedLoader<string, Source>((codes) => repo.findBy({ code: In([...codes]) }), (s) => s.code),
  };
}
