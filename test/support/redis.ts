export { type Redis, startRedis } from "../../scripts/throwaway/redis.ts";
