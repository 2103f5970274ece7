import "server-only";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { MAX_INGEST_BYTES } from "@/lib/domain/usage/events";
import { AppError } from "@/lib/errors";
import { readBodyBytes, utf8Text } from "../http";

const gunzipAsync = promisify(gunzip);
const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `A batch must be at most ${MAX_INGEST_BYTES / (1024 * 1024)} MB (after decompression); split it`);

/**
 * A usage batch's body as text (DESIGN §8.7): at most MAX_INGEST_BYTES as sent, read chunk by chunk
 * and cut off past the cap; `Content-Encoding: gzip` is inflated with the same cap on the output, so
 * a small zip bomb stops at 10 MB instead of filling memory. The media type must be one of `accept`.
 */
export async function readUsageBody(request: Request, accept: readonly string[]): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!accept.includes(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the body as ${accept.join(" or ")}`);
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Encoding must be gzip or none");
  let bytes = await readBodyBytes(request, MAX_INGEST_BYTES, tooLarge);
  if (encoding === "gzip") {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: MAX_INGEST_BYTES });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
      throw new AppError("INVALID_REQUEST", "The body is not valid gzip");
    }
  }
  return utf8Text(bytes);
}
