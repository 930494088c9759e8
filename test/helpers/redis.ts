import { Redis } from "ioredis";

/** Whether a Redis answers PING at 127.0.0.1:6379 within half a second (no retries). */
export async function redisReachable(): Promise<boolean> {
  const probe = new Redis({
    host: "127.0.0.1",
    port: 6379,
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
