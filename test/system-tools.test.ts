import { describe, expect, it } from 'vitest';
import { SYSTEM_TOOLS, planInstall } from '../scripts/system-tools.mjs';

const tools = [
  { command: 'socat', debianPackage: 'socat', neededFor: 'serial tests' },
  { command: 'chromium', debianPackage: 'chromium', neededFor: 'UI tests' },
  { command: 'pg_dump', debianPackage: 'postgresql-client', neededFor: 'dumps' },
  { command: 'psql', debianPackage: 'postgresql-client', neededFor: 'queries' },
];

describe('planInstall', () => {
  it('When nothing is missing, then it does nothing', () => {
    expect(planInstall({ missing: [], isRoot: false, hasAptGet: false, tools })).toEqual({ action: 'nothing' });
  });

  it('When tools are missing and we are root with apt-get, then it installs each package once', () => {
    expect(planInstall({ missing: ['socat', 'pg_dump', 'psql'], isRoot: true, hasAptGet: true, tools })).toEqual({
      action: 'install',
      packages: ['socat', 'postgresql-client'],
    });
  });

  it('When tools are missing and we are not root, then it stops with the exact command to run', () => {
    const plan = planInstall({ missing: ['chromium'], isRoot: false, hasAptGet: true, tools });
    expect(plan.action).toBe('stop');
    expect(plan.action === 'stop' && plan.message).toContain('sudo apt-get update && sudo apt-get install -y chromium');
  });

  it('When the real list is read, then every tool names a Debian package and a reason', () => {
    for (const tool of SYSTEM_TOOLS) {
      expect(tool.command).toMatch(/^[a-z0-9_.-]+$/);
      expect(tool.debianPackage).toMatch(/^[a-z0-9.+-]+$/);
      expect(tool.neededFor.length).toBeGreaterThan(5);
    }
  });
});
