import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/secrets';
import { inTransaction, type Pool } from '../db/pool';

/**
 * Creates the first admin account (and its tenant) from KEEL_ADMIN_EMAIL/KEEL_ADMIN_PASSWORD
 * when no account has that email yet. Returns whether it created one; an existing account is
 * left untouched so restarting with the variables set never resets a changed password.
 */
export async function bootstrapAdmin(
  pool: Pool,
  input: { email: string; password: string; tenantName: string },
): Promise<boolean> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(pool, async (client) => {
    // Serialise concurrent first starts of several instances.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['keel-bootstrap']);
    const existing = await client.query('SELECT 1 FROM accounts WHERE lower(email) = lower($1)', [input.email]);
    if (existing.rowCount) return false;
    const tenant = await client.query<{ id: string }>('SELECT id FROM tenants ORDER BY created_at LIMIT 1');
    let tenantId = tenant.rows[0]?.id;
    if (!tenantId) {
      tenantId = randomUUID();
      await client.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, input.tenantName]);
    }
    await client.query(
      "INSERT INTO accounts (tenant_id, id, email, password_hash, role) VALUES ($1, $2, $3, $4, 'admin')",
      [tenantId, randomUUID(), input.email, passwordHash],
    );
    return true;
  });
}
