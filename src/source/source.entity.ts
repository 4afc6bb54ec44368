import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Directive, Field, ObjectType } from "type-graphql";
import { Node } from "../common/node";

/** A news outlet, known by the code printed in datelines (e.g. `IP` for Iran Press). */
@Directive('@key(fields: "code")')
@Directive("@cacheControl(maxAge: 600)")
@ObjectType("Source", { implements: Node, description: "A news outlet." })
@Entity({ name: "sources" })
export class Source {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Code as printed in a dateline, e.g. IP." })
  @Column({ type: "text", unique: true })
  code: string;

  @Field(() => String)
  @Column({ type: "text" })
  name: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
