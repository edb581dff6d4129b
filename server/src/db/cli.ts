// `npm run db:migrate` and `npm run db:rollback [steps]`: the same migration runner the server
// uses at start-up, against DATABASE_URL or the embedded PostgreSQL.
import { ConfigError, loadConfig } from '../config';
import { connectDatabase } from './connect';
import { codeSchemaVersion, migrateDown, migrateUp, schemaVersion } from './migrate';
import { createPool } from './pool';

async function main(): Promise<void> {
  const [command, stepsArg] = process.argv.slice(2);
  if (command !== 'migrate' && command !== 'rollback') {
    console.error('usage: cli.ts migrate | rollback [steps]');
    process.exit(2);
  }
  const config = loadConfig();
  const { url, embedded } = await connectDatabase(config, (m) => console.log(m));
  const pool = createPool(url, 2);
  try {
    if (command === 'migrate') {
      const done = await migrateUp(pool);
      console.log(done.length ? `Applied migrations ${done.join(', ')}.` : 'Nothing to migrate.');
    } else {
      const steps = stepsArg === undefined ? 1 : Number(stepsArg);
      if (!Number.isInteger(steps) || steps < 1) throw new Error('rollback steps must be a positive whole number');
      const done = await migrateDown(pool, steps);
      console.log(done.length ? `Rolled back migrations ${done.join(', ')}.` : 'Nothing to roll back.');
    }
    console.log(`Schema version ${await schemaVersion(pool)} (this code knows up to ${codeSchemaVersion()}).`);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `db: ${(error as Error).message}`);
  process.exit(1);
});
