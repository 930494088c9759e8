/** Reading a request body once, as raw bytes, with a size cap that holds while streaming. */

/** What {@link readBodyCapped} got. */
export type BodyReading =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; status: 413 | 400; reason: string };

/**
 * Reads the body of `request` as raw bytes, stopping (and cancelling the stream) as soon as more
 * than `maxBytes` arrived, so an oversized or endless body costs at most `maxBytes` of memory. A
 * `content-length` above the cap is refused before reading. Never throws.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<BodyReading> {
  const tooLarge = {
    ok: false,
    status: 413,
    reason: `body larger than ${maxBytes} bytes`,
  } as const;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) return tooLarge;
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = request.body.getReader();
  } catch {
    return { ok: false, status: 400, reason: "the body was already read" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, reason: "the body could not be read" };
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
