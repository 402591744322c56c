import os from 'node:os';

/** Who a command runs as, for the audit log: `cli:<user>@<host>`. */
export function cliActor(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = os.userInfo().username || user;
  } catch {
    // no passwd entry for this uid (some containers): the environment's USER, if any
  }
  return `cli:${user}@${os.hostname()}`;
}
