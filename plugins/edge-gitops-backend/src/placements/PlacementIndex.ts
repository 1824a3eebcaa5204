import type { Knex } from 'knex';
import type {
  GitLocation,
  PlacedApplication,
  PlacedWorkload,
} from '@edge-gitops/plugin-edge-gitops-common';

const HEADS = 'placement_heads';
const PLACEMENTS = 'placements';

/** SQLite allows 999 bound values per statement: rows of 7 columns go in chunks. */
const INSERT_CHUNK = 100;

/**
 * The key of what was read for a node group: moving its location (another repository,
 * branch or folder) makes the index read it again.
 */
export function locationKey(git: GitLocation): string {
  return `${git.url}#${git.branch}:${git.path ?? ''}`;
}

/** The index's knowledge of one node group's git location. */
export interface IndexedHead {
  nodeGroup: string;
  location: string;
  head: string | null;
  error: string | null;
  indexedAt: number;
}

/** One application in one node group, as indexed. */
export interface IndexedPlacement extends PlacedApplication {
  nodeGroup: string;
  head: string;
}

const parseList = <T>(text: string): T[] => {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

function placementOf(row: any): IndexedPlacement {
  return {
    nodeGroup: row.node_group,
    application: row.application,
    head: row.head,
    files: parseList(row.files),
    workloads: parseList(row.workloads),
    images: parseList(row.images),
    hostPorts: parseList(row.host_ports),
  };
}

function headOf(row: any): IndexedHead {
  return {
    nodeGroup: row.node_group,
    location: row.location,
    head: row.head ?? null,
    error: row.error ?? null,
    indexedAt: Number(row.indexed_at),
  };
}

/**
 * Which applications, workloads, images and host ports each node group's git location
 * holds, and at which commit: kept in the plugin's database so every backend instance
 * answers the same, and no request scans repositories.
 */
export class PlacementIndex {
  constructor(private readonly db: Knex) {}

  /** Every node group's indexed head, by node group. */
  async heads(): Promise<Map<string, IndexedHead>> {
    const rows = await this.db(HEADS).select();
    return new Map(rows.map(r => [r.node_group, headOf(r)]));
  }

  /**
   * What a node group holds at `head`, replacing what was indexed for it, in one
   * transaction: readers see the old set or the new one.
   */
  async record(
    nodeGroup: string,
    location: string,
    head: string | undefined,
    applications: readonly PlacedApplication[],
    now = Date.now(),
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(PLACEMENTS).where({ node_group: nodeGroup }).delete();
      const rows = applications.map(a => ({
        node_group: nodeGroup,
        application: a.application,
        head: head ?? '',
        files: JSON.stringify(a.files),
        workloads: JSON.stringify(a.workloads),
        images: JSON.stringify(a.images),
        host_ports: JSON.stringify(a.hostPorts),
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await trx(PLACEMENTS).insert(rows.slice(i, i + INSERT_CHUNK));
      await trx(HEADS)
        .insert({
          node_group: nodeGroup,
          location,
          head: head ?? null,
          error: null,
          indexed_at: now,
        })
        .onConflict('node_group')
        .merge();
    });
  }

  /** The location could not be read: the last known placements stay, with the reason. */
  async recordError(
    nodeGroup: string,
    location: string,
    error: string,
    now = Date.now(),
  ): Promise<void> {
    const updated = await this.db(HEADS)
      .where({ node_group: nodeGroup })
      .update({ error, indexed_at: now });
    if (!updated)
      await this.db(HEADS)
        .insert({
          node_group: nodeGroup,
          location,
          head: null,
          error,
          indexed_at: now,
        })
        .onConflict('node_group')
        .merge();
  }

  /** The node groups whose location holds the application. */
  async forApplication(application: string): Promise<IndexedPlacement[]> {
    const rows = await this.db(PLACEMENTS)
      .where({ application })
      .orderBy('node_group');
    return rows.map(placementOf);
  }

  /** The applications a node group's location holds. */
  async forNodeGroup(nodeGroup: string): Promise<IndexedPlacement[]> {
    const rows = await this.db(PLACEMENTS)
      .where({ node_group: nodeGroup })
      .orderBy('application');
    return rows.map(placementOf);
  }

  /** Every application git holds: per node group holding it, the workloads placed there. */
  async published(): Promise<Map<string, Map<string, PlacedWorkload[]>>> {
    const rows = await this.db(PLACEMENTS).select(
      'application',
      'node_group',
      'workloads',
    );
    const out = new Map<string, Map<string, PlacedWorkload[]>>();
    for (const r of rows) {
      let groups = out.get(r.application);
      if (!groups) out.set(r.application, (groups = new Map()));
      groups.set(r.node_group, parseList(r.workloads));
    }
    return out;
  }

  /** Node groups that left the catalog are forgotten. */
  async retain(nodeGroups: ReadonlySet<string>): Promise<void> {
    const known = (await this.db(HEADS).select('node_group')).map(
      r => r.node_group as string,
    );
    const gone = known.filter(n => !nodeGroups.has(n));
    for (let i = 0; i < gone.length; i += INSERT_CHUNK) {
      const chunk = gone.slice(i, i + INSERT_CHUNK);
      await this.db.transaction(async trx => {
        await trx(PLACEMENTS).whereIn('node_group', chunk).delete();
        await trx(HEADS).whereIn('node_group', chunk).delete();
      });
    }
  }
}
