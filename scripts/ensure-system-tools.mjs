#!/usr/bin/env node
// Makes sure the system programs the tests need are present before `npm test` runs them, so a
// fresh machine needs nothing beyond the README's commands: installs them with apt-get when it
// can (root on Debian), otherwise stops with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { SYSTEM_TOOLS, planInstall } from './system-tools.mjs';

/** @param {string} command */
function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = SYSTEM_TOOLS.map((t) => t.command).filter((c) => !has(c));
const plan = planInstall({
  missing,
  isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  hasAptGet: has('apt-get'),
});

if (plan.action === 'stop') {
  console.error(plan.message);
  process.exit(1);
}
if (plan.action === 'install') {
  console.log(`Installing system tools the tests need: ${plan.packages.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages], { stdio: 'inherit', env });
  const still = missing.filter((c) => !has(c));
  if (still.length > 0) {
    console.error(`Installed ${plan.packages.join(', ')} but still cannot find: ${still.join(', ')}`);
    process.exit(1);
  }
}
