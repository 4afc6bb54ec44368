import { Column, Entity, PrimaryColumn } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { Node } from "../common/node";

/** An ISO 3166-1 country, loaded from the world-countries dataset. */
@Directive('@key(fields: "code")')
@Directive("@cacheControl(maxAge: 3600)")
@ObjectType("Country", { implements: Node, description: "An ISO 3166-1 country." })
@Entity({ name: "countries" })
export class Country {
  @Field(() => String, { description: "ISO 3166-1 alpha-2 code." })
  @PrimaryColumn({ type: "text" })
  code: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-3 code." })
  @Column({ type: "text", unique: true })
  alpha3: string;

  @Field(() => String)
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ name: "official_name", type: "text", nullable: true })
  officialName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  capital: string | null;

  @Field(() => String, { nullable: true, description: "English demonym, e.g. Iranian." })
  @Column({ type: "text", nullable: true })
  demonym: string | null;

  @Field(() => [String], { description: "Other names the country goes by in the news." })
  @Column({ type: "text", array: true, default: () => "'{}'" })
  aliases: string[];
}
