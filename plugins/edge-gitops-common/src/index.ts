/**
 * Model, validation, rendering and status rules of edge-gitops. Pure functions only:
 * this package runs in the browser, the backend and the CLI alike.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './nodeGroup';
export * from './layout/nodeGroupFiles';
export * from './layout/commitUrl';
export * from './search/fuzzy';
export * from './names';
export * from './model/types';
export * from './model/targets';
export * from './model/parse';
export * from './kube/quantity';
export * from './kube/cron';
export * from './kube/labelSelector';
export * from './validation/problems';
export * from './validation/validateApplication';
export * from './validation/placement';
export { edgeApplicationJsonSchema } from './validation/applicationSchema';
export * from './render/workloads';
export * from './render/renderApplication';
export * from './publish/changeSummary';
export * from './permissions';
export * from './publish/reviewMarkdown';
export * from './status/computeStatus';
export * from './status/applicationStatus';
export * from './status/syncStatus';
