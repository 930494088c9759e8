import type { Operation, RangedUpload, ResponseReading } from "../adapters/contract.js";
import { DeliveryUnknownError, PlatformError } from "../transport/errors.js";
import type { ExecutionContext } from "./context.js";
import { retryDelay } from "./retry-policy.js";

/** Sends one request with the core's limits, credentials and retries (`sendWithRetry`). */
export type SendOperation = (
  operation: Omit<Operation, "poll">,
  headers: Record<string, string>,
) => Promise<ResponseReading>;

/**
 * Sends a {@link RangedUpload} piece by piece, each a `PUT` of `chunkBytes` with its
 * `Content-Range`. A piece with no clear answer (the core reads it as `unknown`: connection lost,
 * timeout, 5xx) is followed by the upload's `status` request; the platform's count of the bytes
 * it holds says where to go on. Up to `policy.retries` interruptions in a row without progress;
 * a piece the platform refuses outright (an expired session's 404) ends the upload.
 */
export async function sendRangedUpload(
  ctx: ExecutionContext,
  operation: Omit<Operation, "poll">,
  upload: RangedUpload,
  headers: Record<string, string>,
  send: SendOperation,
): Promise<ResponseReading> {
  const { upload: _file, ...request } = operation;
  const total = upload.data.byteLength;
  const platform = ctx.runtime.adapter.platform;
  let offset = 0;
  let stalled = 0;
  for (;;) {
    const end = Math.min(offset + upload.chunkBytes, total);
    let reading: ResponseReading;
    try {
      reading = await send(
        {
          ...request,
          body: { bytes: upload.data.subarray(offset, end), contentType: upload.contentType },
        },
        { ...headers, "Content-Range": `bytes ${offset}-${end - 1}/${total}` },
      );
    } catch (error) {
      if (!(error instanceof DeliveryUnknownError) || stalled >= ctx.policy.retries) throw error;
      stalled++;
      const delayMs = retryDelay(ctx.policy, stalled, undefined);
      ctx.onRetry({ step: operation.step, attempt: stalled, delayMs, reason: error.message });
      await ctx.cancel.run((signal) => ctx.clock.sleep(delayMs, signal));
      reading = await send(upload.status, { ...headers, ...upload.status.headers });
    }
    if (!reading.pending) return reading;
    const received = reading.received ?? 0;
    if (!(Number.isInteger(received) && received >= 0 && received < total)) {
      throw new PlatformError(platform, {
        status: 0,
        message: `upload ${operation.step}: the platform holds ${received} of ${total} bytes`,
        retryable: false,
      });
    }
    if (received > offset) stalled = 0;
    offset = received;
  }
}
