import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { Directive, Field, Int, ObjectType } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { Node } from "../common/node";
import type { Person } from "../person/person.entity";
import type { Source } from "../source/source.entity";

/** A story from one outlet. */
@Directive('@key(fields: "id")')
@ObjectType("Article", { implements: Node, description: "A news story." })
@Entity({ name: "articles" })
@Index("articles_search_idx", { synchronize: false })
export class Article {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String)
  @Column({ type: "text", unique: true })
  slug: string;

  @Column({ name: "source_id", type: "uuid" })
  sourceId: string;

  @Field(() => String)
  @Column({ type: "text" })
  headline: string;

  /** Lower-cased, punctuation-free headline used to resolve printed links. */
  @Column({ name: "headline_norm", type: "text" })
  headlineNorm: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  summary: string | null;

  /** Paragraphs in order; undefined when read without it (see article-rows.ts). */
  @Column({ type: "text", array: true })
  body: string[];

  @Field(() => String, { nullable: true, description: "Place the story was filed from." })
  @Column({ type: "text", nullable: true })
  dateline: string | null;

  @Column({ name: "dateline_country_code", type: "text", nullable: true })
  datelineCountryCode: string | null;

  @Field(() => DateTimeResolver)
  @Column({ name: "published_at", type: "timestamptz" })
  publishedAt: Date;

  @Field(() => DateTimeResolver)
  @Column({ name: "ingested_at", type: "timestamptz" })
  ingestedAt: Date;

  @Field(() => String)
  @Column({ type: "text", default: "en" })
  language: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  url: string | null;

  @Field(() => [String])
  @Column({ type: "text", array: true, default: () => "'{}'" })
  tags: string[];

  /** The story's cluster (see src/cluster), null when no other story tells the same event. */
  @Column({ name: "cluster_id", type: "uuid", nullable: true })
  clusterId: string | null;

  @Field(() => Int, { description: "Version number: 1 when first written, one more for every write that changed the story." })
  @Column({ type: "integer", default: 1 })
  revision: number;

  /** What the current version changed from the one before (see src/revision); read only with the history. */
  @Column({ type: "jsonb", nullable: true, select: false })
  changes?: unknown;

  /** Hash of the normalized text: the same story from the same source is the same article. */
  @Column({ name: "content_hash", type: "text" })
  contentHash: string;

  /** Codes of the countries mentioned, in order, when read along with the article (see article-rows.ts). */
  countryCodes?: string[];

  /** People in order of first mention, when read along with the article (see article-rows.ts). */
  people?: Person[];

  /** The source, when read along with the article (see article-rows.ts). */
  source?: Source;

  @Column({
    type: "tsvector",
    select: false,
    insert: false,
    update: false,
    generatedType: "STORED",
    asExpression: "article_search_document(headline, summary, body)",
  })
  search?: string;
}
