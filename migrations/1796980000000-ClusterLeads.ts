import type { MigrationInterface, QueryRunner } from "typeorm";
import { rebuildClusters } from "../src/cluster/cluster-write";

/**
 * A story cluster becomes an event: a lead story and the later stories that match it
 * (src/cluster/cluster-plan.ts), instead of every story connected to another by a chain of
 * matches, which on a dense corpus joined one "cluster" of 279,997 stories from January to
 * July. `clusters.lead_id` names the lead (the cluster's first story; derived data, counted
 * again with the size whenever the cluster changes, so no foreign key). The stored clusters
 * are worked out again under the new rule.
 */
export class ClusterLeads1796980000000 implements MigrationInterface {
  name = "ClusterLeads1796980000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clusters ADD COLUMN lead_id uuid`);
    await rebuildClusters(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clusters DROP COLUMN IF EXISTS lead_id`);
  }
}
