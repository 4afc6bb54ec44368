import { Initial1764316800000 } from "./1764316800000-Initial";

/** Every migration, oldest first (listed explicitly so that tsx, vitest and the build agree). */
export const MIGRATIONS = [Initial1764316800000];
