export * from './build-program';
export * from './build-worker-observers';
export * from './commands/process-webhooks';
export * from './exit-codes';
export { RECEIVER_NODE_FLAGS } from './receiver-node-flags';
