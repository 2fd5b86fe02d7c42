// Distributed evaluation on BullMQ and Redis: the coordinator (`gamegym eval --queue`) queues one play-and-judge
// job per generated game; workers (`gamegym worker`) play and judge them as a local eval does and send back the
// verdict and the packed trace folder.
export { QueueCoordinator } from './coordinator.ts';
export { startWorker } from './worker.ts';
export { checkRedisUrl } from './connection.ts';
export { DEFAULT_MAX_ARTIFACT_MB } from './jobs.ts';
export { packFolder } from './pack.ts';
