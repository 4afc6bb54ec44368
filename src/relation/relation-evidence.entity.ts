import { Column, Entity, PrimaryColumn } from "typeorm";

/** An article asserting a relation, with where it says so. Triggers keep Relation.weight in step. */
@Entity({ name: "relation_evidence" })
export class RelationEvidence {
  @PrimaryColumn({ name: "relation_id", type: "uuid" })
  relationId: string;

  @PrimaryColumn({ name: "article_id", type: "uuid" })
  articleId: string;

  /** The sentence that asserts the relation, when extracted from text. */
  @Column({ type: "text", nullable: true })
  sentence: string | null;

  @Column({ type: "integer", nullable: true })
  offset: number | null;

  /** The asserting article's publication time. */
  @Column({ name: "seen_at", type: "timestamptz" })
  seenAt: Date;
}
