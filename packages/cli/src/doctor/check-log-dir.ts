import fs from 'node:fs';
import path from 'node:path';
import { Config, formatByteSize } from '@ghl-payments/core';
import { nearestExistingDir } from './check-disk-space';
import { CheckResult, fail, pass } from './doctor-check';

/** The log folder can be written (or created), and webhook.log too; reports the rotation settings. */
export function checkLogDir(log: Config['log']): CheckResult {
  const fix = `make ${log.dir} writable by the user running ghl-payments, or point LOG_DIR elsewhere`;
  const rotation = log.maxSizeBytes === null
    ? 'built-in rotation off'
    : `rotated at ${formatByteSize(log.maxSizeBytes)}, ${log.maxFiles} files kept`;
  try {
    if (!fs.existsSync(log.dir)) {
      const parent = nearestExistingDir(log.dir);
      if (!fs.statSync(parent).isDirectory()) return fail(`log folder ${log.dir} cannot be created: ${parent} is not a folder`, fix);
      fs.accessSync(parent, fs.constants.W_OK);
      return pass(`log folder ${log.dir} will be created on first start (${rotation})`);
    }
    if (!fs.statSync(log.dir).isDirectory()) return fail(`LOG_DIR ${log.dir} is not a folder`, fix);
    const probe = path.join(log.dir, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    const file = path.join(log.dir, 'webhook.log');
    let current = '';
    if (fs.existsSync(file)) {
      fs.accessSync(file, fs.constants.W_OK);
      current = `webhook.log ${formatByteSize(fs.statSync(file).size)}, `;
    }
    return pass(`log folder writable: ${log.dir} (${current}${rotation})`);
  } catch (err) {
    return fail(`log folder ${log.dir} is not writable: ${(err as Error).message}`, fix);
  }
}
