import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { Node } from "../common/node";

/** A person named in the news; one row per person whatever the surface form. */
@Directive('@key(fields: "id")')
@ObjectType("Person", { implements: Node, description: "A person named in the news." })
@Entity({ name: "people" })
@Index("people_identity_key", { synchronize: false })
export class Person {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String)
  @Column({ type: "text", unique: true })
  slug: string;

  @Field(() => String)
  @Column({ type: "text" })
  name: string;

  /** Normalized name used to recognise the same person again. */
  @Column({ name: "name_key", type: "text" })
  nameKey: string;

  @Field(() => [String], { description: "Other names the person is known by (surname, title)." })
  @Column({ type: "text", array: true, default: () => "'{}'" })
  aliases: string[];

  @Field(() => String, { nullable: true, description: "e.g. President, Ambassador." })
  @Column({ type: "text", nullable: true })
  role: string | null;

  @Column({ name: "country_code", type: "text", nullable: true })
  countryCode: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
