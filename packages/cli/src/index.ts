export * from './build-program';
export * from './commands/process-webhooks';
export * from './exit-codes';
