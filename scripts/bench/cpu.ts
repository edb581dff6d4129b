// CPU time per process, for "where does the time go" in a benchmark: read from /proc (Linux).
// Elsewhere the readers return null and a benchmark prints no CPU split.
import fs from 'node:fs';
import path from 'node:path';

// USER_HZ: 100 on every mainstream Linux build; /proc reports CPU time in these ticks.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far, or null if it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : (readStat(pid)?.cpuSeconds ?? null);
}

/**
 * CPU seconds of a PostgreSQL cluster: the postmaster (from `postmaster.pid` in its data
 * directory) and its live children (backends, WAL writer, checkpointer, ...). A backend that
 * has exited takes its time with it, so measure across phases whose connections stay open.
 */
export function postgresCpuSeconds(dataDir: string): number | null {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const own = readStat(postmaster);
  if (!own) return null;
  let total = own.cpuSeconds;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === postmaster) total += stat.cpuSeconds;
  }
  return total;
}

/** This process's CPU seconds (user + system). */
export function selfCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
