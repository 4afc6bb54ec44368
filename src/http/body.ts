import type { IncomingMessage } from "node:http";

/** An HTTP failure before GraphQL runs (body too large, not JSON): status and a message for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body of at most `limit` bytes. A larger one (announced or sent) is a 413
 * HttpError, read no further; a compressed body is a 415 (clients of this API send plain JSON).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `Request body is larger than ${limit} bytes`);
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") return Promise.reject(new HttpError(415, `Unsupported content encoding "${encoding}"`));
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** The media type of a content-type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const semicolon = header.indexOf(";");
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * The body of a JSON request, parsed; undefined for other media types (GraphQL then answers
 * 400, or refuses the request as a possible CSRF). Invalid JSON is a 400 HttpError.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (mediaType(contentType) !== "application/json" || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}
