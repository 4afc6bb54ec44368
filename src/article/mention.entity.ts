import { Column, Entity, PrimaryColumn } from "typeorm";

/** Where a person appears in an article; `position` is the order of first mention. */
@Entity({ name: "person_mentions" })
export class PersonMention {
  @PrimaryColumn({ name: "article_id", type: "uuid" })
  articleId: string;

  @PrimaryColumn({ name: "person_id", type: "uuid" })
  personId: string;

  @Column({ type: "smallint" })
  position: number;

  @Column({ type: "integer" })
  count: number;

  @Column({ name: "first_offset", type: "integer" })
  firstOffset: number;

  /** The text as it first appears ("Raisi", "Iran's President"). */
  @Column({ type: "text" })
  surface: string;

  /** Copied from the article so a person's feed is one index range scan. */
  @Column({ name: "published_at", type: "timestamptz" })
  publishedAt: Date;
}

/** Where a country appears in an article; `position` is the order of first mention. */
@Entity({ name: "country_mentions" })
export class CountryMention {
  @PrimaryColumn({ name: "article_id", type: "uuid" })
  articleId: string;

  @PrimaryColumn({ name: "country_code", type: "text" })
  countryCode: string;

  @Column({ type: "smallint" })
  position: number;

  @Column({ type: "integer" })
  count: number;

  @Column({ name: "first_offset", type: "integer" })
  firstOffset: number;

  @Column({ type: "text" })
  surface: string;

  /** Copied from the article so a country feed is one index range scan. */
  @Column({ name: "published_at", type: "timestamptz" })
  publishedAt: Date;
}
