/** @benchline/tools — the CLI's building blocks, for tests and benchmarks. */
export type { FindOrStartOptions, RedisService } from './services/redis-service.js';
export { answersPing, findOrStartRedis, RedisUnavailableError } from './services/redis-service.js';
