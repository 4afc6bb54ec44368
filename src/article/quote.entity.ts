import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ObjectType } from "type-graphql";

/** Who said what in an article. */
@ObjectType("Quote", { description: "Words quoted in a story, with their speaker when known." })
@Entity({ name: "quotes" })
export class Quote {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "article_id", type: "uuid" })
  articleId: string;

  @Column({ name: "speaker_id", type: "uuid", nullable: true })
  speakerId: string | null;

  @Column({ type: "smallint" })
  position: number;

  @Field(() => String)
  @Column({ type: "text" })
  text: string;

  /** Character offset of the quote in the article text (paragraphs joined by blank lines). */
  @Column({ type: "integer" })
  offset: number;
}
