import { Field } from "type-graphql";
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength, ValidateNested } from "class-validator";
import type { ClassType } from "type-graphql";

/** Applies several property decorators as one (a GraphQL field and its validation rules). */
const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

/** Input fields that several story inputs share (ArticleInput, ArticlePatch, WireInput). */
export const OptionalUrl = (): PropertyDecorator =>
  compose(Field(() => String, { nullable: true }), IsOptional(), Matches(/^https?:\/\/\S+$/, { message: "url must be an http(s) URL" }), MaxLength(2000));

export const OptionalLanguage = (): PropertyDecorator =>
  compose(
    Field(() => String, { nullable: true }),
    IsOptional(),
    Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "language must be a language tag such as en or en-GB" }),
  );

export const OptionalTags = (): PropertyDecorator =>
  compose(Field(() => [String], { nullable: true }), IsOptional(), ArrayMaxSize(50), IsString({ each: true }), MaxLength(100, { each: true }));

export const OptionalCountries = (description: string): PropertyDecorator =>
  compose(Field(() => [String], { nullable: true, description }), IsOptional(), ArrayMaxSize(250), IsString({ each: true }));

export const OptionalList = (type: () => ClassType, max: number, description?: string): PropertyDecorator =>
  compose(Field(() => [type()], { nullable: true, description }), IsOptional(), ArrayMaxSize(max), ValidateNested({ each: true }));
