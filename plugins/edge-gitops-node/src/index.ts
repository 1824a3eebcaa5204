/**
 * Node-only parts of edge-gitops: git publishing, node group resolution and cluster reading.
 *
 * @packageDocumentation
 */
export * from './git/treeCommit';
export * from './git/localRepository';
export * from './nodeGroups/readNodeGroups';
export * from './config';
export * from './git/repository';
export * from './git/branchHead';
export * from './git/lock';
export * from './publish/publisher';
export * from './publish/pool';
export * from './git/credentials';
export * from './publish/EdgePublisher';
export * from './applicationCatalog';
export * from './publish/diff';
export * from './publish/plan';
export * from './clusters/clusterConnections';
export * from './clusters/ClusterWatcher';
export * from './clusters/warningEvents';
