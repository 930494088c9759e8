/**
 * `herald/redis`: Herald's Redis integrations, kept out of the main bundle. Needs `ioredis`
 * (an optional peer dependency) installed.
 */
export { type RedisCheckpointOptions, redisCheckpoints } from "./checkpoints/redis.js";
export {
  type RedisClient,
  type RedisOption,
  type RedisRuntime,
  type RedisSettings,
  redisConnection,
} from "./limits/redis.js";
export type { RedisHealth } from "./limits/redis-health.js";
