import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ReporterToken } from '@edge-gitops/plugin-edge-gitops-common';

const TOKENS = 'reporter_tokens';

/** Secrets start with this, so a leaked one is recognisable (and scanners can find it). */
const PREFIX = 'egr_';

const hash = (token: string) =>
  crypto.createHash('sha256').update(token).digest('hex');

const iso = (ms: unknown) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();

function tokenOf(row: any): ReporterToken {
  return {
    id: row.id,
    nodeGroup: row.node_group,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    ...(row.last_used_at ? { lastUsedAt: iso(row.last_used_at) } : {}),
    ...(row.revoked_at ? { revokedAt: iso(row.revoked_at) } : {}),
  };
}

/**
 * The tokens node groups' reporters authenticate with: random, shown once when issued,
 * kept only as SHA-256 (a stolen database holds no usable token), revocable.
 *
 * @public
 */
export class ReporterTokens {
  constructor(private readonly db: Knex) {}

  async issue(
    nodeGroup: string,
    createdBy: string,
  ): Promise<{ token: string; item: ReporterToken }> {
    const token = `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
    const row = {
      id: crypto.randomUUID(),
      node_group: nodeGroup,
      token_hash: hash(token),
      created_by: createdBy,
      created_at: Date.now(),
    };
    await this.db(TOKENS).insert(row);
    return { token, item: tokenOf(row) };
  }

  async list(nodeGroup: string): Promise<ReporterToken[]> {
    const rows = await this.db(TOKENS)
      .where({ node_group: nodeGroup })
      .orderBy('created_at', 'desc');
    return rows.map(tokenOf);
  }

  /** Revokes a token of the node group; false when it has no such token. */
  async revoke(nodeGroup: string, id: string): Promise<boolean> {
    const changed = await this.db(TOKENS)
      .where({ node_group: nodeGroup, id })
      .whereNull('revoked_at')
      .update({ revoked_at: Date.now() });
    if (changed) return true;
    return Boolean(
      await this.db(TOKENS).where({ node_group: nodeGroup, id }).first(),
    );
  }

  /**
   * Whether `token` is a live token of the node group. Looked up by its hash: the secret
   * is never compared or stored as it is.
   */
  async verify(nodeGroup: string, token: string): Promise<boolean> {
    if (!token.startsWith(PREFIX)) return false;
    const row = await this.db(TOKENS)
      .where({ token_hash: hash(token), node_group: nodeGroup })
      .whereNull('revoked_at')
      .first();
    if (!row) return false;
    await this.db(TOKENS)
      .where({ id: row.id })
      .update({ last_used_at: Date.now() });
    return true;
  }

  /** Node groups with a live token: they report rather than being watched. */
  async reportingNodeGroups(): Promise<Set<string>> {
    const rows = await this.db(TOKENS)
      .distinct('node_group')
      .whereNull('revoked_at');
    return new Set(rows.map((r: any) => r.node_group));
  }
}
