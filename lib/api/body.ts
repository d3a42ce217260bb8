/** The request's declared Content-Length in bytes (0 when it has none), for `cappedChunks`. */
export function declaredLength(req: Request): number {
  return Number(req.headers.get("content-length") ?? 0);
}

/**
 * The chunks of a request body as they arrive, at most `cap` bytes in all: a declared length
 * (Content-Length) over the cap is refused before reading; past the cap while streaming (a missing
 * or false Content-Length changes nothing) the stream is cancelled. Both throw `tooLarge(size)`.
 * Used by JSON and upload bodies read into memory and by import files streamed to disk.
 */
export async function* cappedChunks(
  body: ReadableStream<Uint8Array> | null,
  cap: number,
  tooLarge: (size: number) => Error,
  declared = 0,
): AsyncGenerator<Uint8Array> {
  if (declared > cap) throw tooLarge(declared);
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw tooLarge(size);
    }
    yield value;
  }
}
