import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * API keys may expire (`newsgraph keys create --expires 30d`): a key past `expires_at` is
 * refused like a revoked one, with a message that says it expired. Null: never expires.
 */
export class ApiKeyExpiry1796410000000 implements MigrationInterface {
  name = "ApiKeyExpiry1796410000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN expires_at timestamptz`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS expires_at`);
  }
}
