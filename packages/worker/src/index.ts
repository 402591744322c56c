export * from './listen-for-events';
export * from './retry-policy';
export * from './run-event';
export * from './wake-signal';
export * from './worker';
export * from './worker-id';
export * from './worker-summary';
