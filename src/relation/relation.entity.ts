import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Directive, Field, Int, ObjectType } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { Node } from "../common/node";
import { RelationKind } from "./relation-kind";

/**
 * One typed link: article→article (RELATED_NEWS, READ_MORE; pending while the target is not
 * stored), country↔country, or person→country (ROLE). The table's check constraint allows
 * exactly the columns each kind uses; foreign keys keep every end real.
 */
@Directive('@key(fields: "id")')
@ObjectType("Relation", { implements: Node, description: "A typed link with the articles that assert it." })
@Entity({ name: "relations" })
export class Relation {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => RelationKind)
  @Column({ type: "enum", enum: RelationKind, enumName: "relation_kind" })
  kind: RelationKind;

  @Column({ name: "subject_article_id", type: "uuid", nullable: true })
  subjectArticleId: string | null;

  @Column({ name: "subject_person_id", type: "uuid", nullable: true })
  subjectPersonId: string | null;

  @Column({ name: "subject_country_code", type: "text", nullable: true })
  subjectCountryCode: string | null;

  @Column({ name: "object_article_id", type: "uuid", nullable: true })
  objectArticleId: string | null;

  @Column({ name: "object_country_code", type: "text", nullable: true })
  objectCountryCode: string | null;

  /** What an article link points at until it resolves: `title:<normalized>`, `id:<uuid>` or `slug:<slug>`. */
  @Column({ name: "target_ref", type: "text", nullable: true })
  targetRef: string | null;

  /** The title as printed in the story (article links only). */
  @Column({ type: "text", nullable: true })
  title: string | null;

  /** Printed order of an article link. */
  @Column({ type: "integer", nullable: true })
  position: number | null;

  @Field(() => Int, { description: "Number of articles asserting this relation." })
  @Column({ type: "integer", default: 0 })
  weight: number;

  @Field(() => DateTimeResolver)
  @Column({ name: "first_seen_at", type: "timestamptz" })
  firstSeenAt: Date;

  @Field(() => DateTimeResolver)
  @Column({ name: "last_seen_at", type: "timestamptz" })
  lastSeenAt: Date;

  @Field(() => DateTimeResolver, { description: "When its evidence last changed (a story asserting it was written or deleted)." })
  @Column({ name: "changed_at", type: "timestamptz" })
  changedAt: Date;
}
