// The system programs the test suite needs beyond Node, each with the Debian package that
// provides it. One list, read by ensure-system-tools.mjs; add a tool here when a test needs it.
/** @type {{ command: string, debianPackage: string, neededFor: string }[]} */
export const SYSTEM_TOOLS = [
  { command: 'pg_dump', debianPackage: 'postgresql-client', neededFor: 'server migration tests compare schema dumps after up/down' },
  { command: 'socat', debianPackage: 'socat', neededFor: 'serial device tests over PTY pairs' },
  { command: 'chromium', debianPackage: 'chromium', neededFor: 'end-to-end UI tests in a real browser' },
];

/**
 * Decide what to do about missing tools. Pure so it can be tested without touching the machine.
 * @param {{ missing: string[], isRoot: boolean, hasAptGet: boolean, tools?: typeof SYSTEM_TOOLS }} state
 * @returns {{ action: 'nothing' } | { action: 'install', packages: string[] } | { action: 'stop', message: string }}
 */
export function planInstall({ missing, isRoot, hasAptGet, tools = SYSTEM_TOOLS }) {
  if (missing.length === 0) return { action: 'nothing' };
  const packages = [...new Set(tools.filter((t) => missing.includes(t.command)).map((t) => t.debianPackage))];
  if (isRoot && hasAptGet) return { action: 'install', packages };
  const command = `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
  return {
    action: 'stop',
    message: `The tests need ${missing.join(', ')}, which this machine does not have. Install them with:\n\n  ${command}\n`,
  };
}
