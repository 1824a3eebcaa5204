import type { Knex } from 'knex';
import {
  applyNodeGroupReport,
  NodeGroupReport,
  NodeGroupReportAnswer,
  ReportedClusterState,
  StoredReport,
} from '@edge-gitops/plugin-edge-gitops-common';

const STATES = 'reported_states';

/** What identifies one stored report: its sequence and when it was stored. */
export const reportKey = (sequence: number, reportedAt: number) =>
  `${sequence}@${reportedAt}`;

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
 *
 * @public
 */
export class ReportStore {
  constructor(private readonly db: Knex) {}

  /**
   * Applies a report; answers as the reporter is told, with the state now held. `known` is
   * what this instance holds for the node group: when the database holds that same report,
   * it is built on without reading and parsing the stored state again.
   */
  async apply(
    nodeGroup: string,
    report: NodeGroupReport,
    known?: ReportedNodeGroup,
  ): Promise<NodeGroupReportAnswer & { stored?: ReportedNodeGroup }> {
    return this.db.transaction(async tx => {
      const query = tx(STATES)
        .where({ node_group: nodeGroup })
        .select('sequence', 'reported_at');
      // PostgreSQL: hold the row until we write it; SQLite serialises writers anyway.
      const key = await (tx.client.config.client === 'pg'
        ? query.forUpdate()
        : query
      ).first();
      let held: ReportedNodeGroup | undefined;
      if (
        key &&
        known &&
        reportKey(known.sequence, known.reportedAt) ===
          reportKey(Number(key.sequence), Number(key.reported_at))
      )
        held = known;
      else if (key && !report.snapshot)
        held = reportedOf(
          await tx(STATES).where({ node_group: nodeGroup }).first(),
        );
      const row = key;
      const result = applyNodeGroupReport(held, report);
      if (!('stored' in result))
        return {
          accepted: false,
          sequence: held?.sequence,
          snapshot: 'required',
        };
      const reportedAt = Date.now();
      const values = {
        sequence: result.stored.sequence,
        state: JSON.stringify(result.stored.state),
        reported_at: reportedAt,
      };
      if (row) await tx(STATES).where({ node_group: nodeGroup }).update(values);
      else await tx(STATES).insert({ node_group: nodeGroup, ...values });
      return {
        accepted: true,
        sequence: result.stored.sequence,
        stored: { nodeGroup, ...result.stored, reportedAt },
      };
    });
  }

  /**
   * States reported at or after `since` (epoch ms; 0: all of them), except those the caller
   * already holds (`held` answers the sequence and time it has): the keys are read first,
   * and only the states that changed are read and parsed.
   */
  async since(
    since: number,
    held: (nodeGroup: string) => string | undefined = () => undefined,
  ): Promise<ReportedNodeGroup[]> {
    const keys = await this.db(STATES)
      .where('reported_at', '>=', since)
      .select('node_group', 'sequence', 'reported_at');
    const changed = keys
      .filter(
        (k: any) =>
          held(k.node_group) !==
          reportKey(Number(k.sequence), Number(k.reported_at)),
      )
      .map((k: any) => k.node_group as string);
    const out: ReportedNodeGroup[] = [];
    // SQLite allows 999 bound values per statement.
    for (let i = 0; i < changed.length; i += 500) {
      const rows = await this.db(STATES)
        .whereIn('node_group', changed.slice(i, i + 500))
        .select();
      for (const row of rows) {
        const r = reportedOf(row);
        if (r) out.push(r);
      }
    }
    return out;
  }
}
