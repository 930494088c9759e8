/**
 * `herald/redis`: Herald's Redis integrations, kept out of the main bundle. Needs `ioredis`
 * (an optional peer dependency) installed.
 */
export { type RedisCheckpointOptions, redisCheckpoints } from "./checkpoints/redis.js";
