import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from './database';
import { Meta } from './meta';

const NAME = /^keel-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|pre-migrate|manual)\.sqlite$/;

export type BackupKind = 'daily' | 'pre-migrate' | 'manual';

export interface BackupInfo {
  file: string;
  takenAt: string;
  kind: BackupKind;
}

/**
 * Takes a consistent copy with SQLite's online backup API while the till keeps selling
 * (better-sqlite3 copies pages in steps and restarts if the source changes mid-way). Written to
 * a temporary name and renamed, so a half-written backup never looks like a good one.
 */
export async function takeBackup(db: Db, dir: string, kind: BackupKind, now: Date): Promise<BackupInfo> {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replaceAll(':', '-').replace('.', '-');
  const file = path.join(dir, `keel-${stamp}-${kind}.sqlite`);
  const partial = `${file}.partial`;
  await db.backup(partial);
  fs.renameSync(partial, file);
  return { file, takenAt: now.toISOString(), kind };
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map(({ name, match }) => {
      const [date, time] = match[1]!.split('T') as [string, string];
      const [hh, mm, ss, ms] = time.replace('Z', '').split('-');
      return { file: path.join(dir, name), takenAt: `${date}T${hh}:${mm}:${ss}.${ms}Z`, kind: match[2] as BackupKind };
    })
    .sort((a, b) => (a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : 0));
}

/**
 * The daily rotation: takes a backup when the newest daily one is older than a day, then keeps
 * the newest `keep` daily backups. Pre-migration and manual backups are never deleted here.
 */
export async function rotateDailyBackup(db: Db, dir: string, now: Date, keep = 7): Promise<BackupInfo | null> {
  const daily = listBackups(dir).filter((b) => b.kind === 'daily');
  const newest = daily.at(-1);
  let taken: BackupInfo | null = null;
  if (!newest || now.getTime() - Date.parse(newest.takenAt) >= 24 * 3600_000) {
    taken = await takeBackup(db, dir, 'daily', now);
    daily.push(taken);
  }
  for (const old of daily.slice(0, Math.max(0, daily.length - keep))) fs.rmSync(old.file, { force: true });
  return taken;
}

/**
 * Restores a backup over the ledger file. The app must be stopped (the ledger closed). The
 * current file is kept beside it as `.replaced-<time>`, never deleted, and the backup is
 * checked (integrity_check) before it is put in place. After a restore the terminal's journal
 * may be behind the server, so the restored copy is marked (meta 'sync.restored') before it
 * takes the ledger's name: core refuses every business write until the sync engine has
 * fetched from the server what this terminal recorded after the backup (README, "Restoring a
 * terminal"; desktop/src/core/sync/journal-recovery.ts). Marked on a temporary copy and then
 * renamed, so a crash mid-restore never leaves an unmarked restored ledger.
 */
export function restoreBackup(backupFile: string, ledgerFile: string, now: Date): { replacedFile: string | null } {
  const check = openDatabase(backupFile, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup ${backupFile} failed its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  const marked = `${ledgerFile}.restoring`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(marked + suffix, { force: true });
  fs.copyFileSync(backupFile, marked);
  const copy = openDatabase(marked);
  try {
    new Meta(copy).set('sync.restored', { at: now.toISOString(), backupFile: path.basename(backupFile) });
    copy.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    copy.close();
  }
  let replacedFile: string | null = null;
  if (fs.existsSync(ledgerFile)) {
    replacedFile = `${ledgerFile}.replaced-${now.toISOString().replaceAll(':', '-')}`;
    fs.renameSync(ledgerFile, replacedFile);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(ledgerFile + suffix)) fs.renameSync(ledgerFile + suffix, replacedFile + suffix);
    }
  }
  fs.renameSync(marked, ledgerFile);
  return { replacedFile };
}
