/**
 * Test servers that speak real protocols, for edge-gitops tests and benchmarks: a git
 * smart-HTTP server and a Kubernetes API server.
 *
 * @packageDocumentation
 */
export {
  startGitHttpServer,
  type GitHttpServer,
} from './testing/gitHttpServer';
export {
  startKubeApiServer,
  type KubeApiServer,
} from './testing/kubeApiServer';
