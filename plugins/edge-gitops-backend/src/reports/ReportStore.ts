import type { Knex } from 'knex';
import {
  applyNodeGroupReport,
  NodeGroupReport,
  NodeGroupReportAnswer,
  ReportedClusterState,
  StoredReport,
} from '@edge-gitops/plugin-edge-gitops-common';

const STATES = 'reported_states';

/**
 * The last state a node group reported, and when (epoch milliseconds).
 *
 * @public
 */
export interface ReportedNodeGroup extends StoredReport {
  nodeGroup: string;
  reportedAt: number;
}

function reportedOf(row: any): ReportedNodeGroup | undefined {
  try {
    return {
      nodeGroup: row.node_group,
      sequence: Number(row.sequence),
      state: JSON.parse(row.state) as ReportedClusterState,
      reportedAt: Number(row.reported_at),
    };
  } catch {
    return undefined; // a row no instance can read is as good as none: a snapshot replaces it
  }
}

/**
 * The last state each node group's reporter sent, in the plugin's database: a restart
 * does not blank the pages, and every instance behind a load balancer answers the same
 * whichever one received the report. A report is applied in a transaction, so two
 * instances receiving reports of one node group never interleave.
 */
export class ReportStore {
  constructor(private readonly db: Knex) {}

  async apply(
    nodeGroup: string,
    report: NodeGroupReport,
  ): Promise<NodeGroupReportAnswer> {
    return this.db.transaction(async tx => {
      const query = tx(STATES).where({ node_group: nodeGroup });
      // PostgreSQL: hold the row until we write it; SQLite serialises writers anyway.
      const row = await (tx.client.config.client === 'pg'
        ? query.forUpdate()
        : query
      ).first();
      const held = row ? reportedOf(row) : undefined;
      const result = applyNodeGroupReport(held, report);
      if (!('stored' in result))
        return {
          accepted: false,
          sequence: held?.sequence,
          snapshot: 'required',
        };
      const values = {
        sequence: result.stored.sequence,
        state: JSON.stringify(result.stored.state),
        reported_at: Date.now(),
      };
      if (row) await tx(STATES).where({ node_group: nodeGroup }).update(values);
      else await tx(STATES).insert({ node_group: nodeGroup, ...values });
      return { accepted: true, sequence: result.stored.sequence };
    });
  }

  async all(): Promise<ReportedNodeGroup[]> {
    const rows = await this.db(STATES).select();
    return rows
      .map(reportedOf)
      .filter((r): r is ReportedNodeGroup => Boolean(r));
  }
}
