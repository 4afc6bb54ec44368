import type { AuthChecker } from "type-graphql";
import type { Context } from "../context";
import { AppError, ErrorCode } from "../common/errors";
import { Role } from "./api-key.entity";

const RANK: Record<Role, number> = { [Role.READER]: 1, [Role.EDITOR]: 2, [Role.ADMIN]: 3 };

/**
 * The one place that decides access: `@Authorized(Role.EDITOR)` needs a key whose role is
 * editor or above. No key is UNAUTHENTICATED; a key with too little power is FORBIDDEN.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const caller = context.caller;
  if (!caller) throw new AppError(ErrorCode.UNAUTHENTICATED, "This operation needs an API key: send Authorization: Bearer <key>");
  const needed = Math.min(...roles.map((r) => RANK[r]));
  if (RANK[caller.role] < needed) {
    throw new AppError(ErrorCode.FORBIDDEN, `This operation needs a key with role ${roles.join(" or ")}; yours is ${caller.role}`);
  }
  return true;
};
