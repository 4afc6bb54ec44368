import { Field, Float, Int, ObjectType } from "type-graphql";
import { connectionType, PageInfo } from "../common/connection";
import { Article } from "./article.entity";

export const ArticleConnection = connectionType(Article, "Article");

@ObjectType("SearchEdge")
export class SearchEdge {
  @Field(() => String)
  cursor: string;
  @Field(() => Article)
  node: Article;
  @Field(() => Float, { description: "Relevance (higher is better)." })
  score: number;
  @Field(() => String, { nullable: true, description: "Matching passages, matches wrapped in <mark>…</mark>." })
  highlight: string | null;
}

@ObjectType("SearchConnection")
export class SearchConnection {
  @Field(() => [SearchEdge])
  edges: SearchEdge[];
  @Field(() => PageInfo)
  pageInfo: PageInfo;
  @Field(() => Int)
  totalCount: number;
}
