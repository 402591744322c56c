import crypto from 'node:crypto';
import os from 'node:os';

/** A worker's identity in lease_owner: host, pid and a random suffix (unique across restarts and hosts). */
export function createWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}
