import pino from "pino";

/** The application logger (pino, JSON lines on stderr). */
export type AppLogger = pino.Logger;

export function createLogger(level: string): AppLogger {
  return pino({ level, base: { service: "newsgraph" } }, pino.destination(2));
}
