import { ArgsType } from "type-graphql";
import { pageArgs } from "./connection";

/** `first: Int = 20, after: String` */
@ArgsType()
export class FirstAfterArgs extends pageArgs(20) {}

/** `first: Int = 10, after: String` */
@ArgsType()
export class FirstAfterArgs10 extends pageArgs(10) {}

/** `first: Int = 50, after: String` */
@ArgsType()
export class FirstAfterArgs50 extends pageArgs(50) {}
