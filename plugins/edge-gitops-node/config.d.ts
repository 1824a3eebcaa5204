export interface Config {
  /** edge-gitops: GitOps publishing to edge node groups. */
  edgeGitops?: {
    /** Folder for local node group repositories and git caches, relative to the backend's working directory. */
    dataDir?: string;
    git?: {
      /**
       * Folders besides dataDir that may hold local node group repositories (absolute, or
       * relative to the backend's working directory). A repo-url pointing anywhere else is refused.
       */
      localRoots?: string[];
      /** Commit author when the Backstage user has no e-mail. */
      defaultAuthor?: { name?: string; email?: string };
      /** Plain git hosts with basic auth, for hosts no Backstage integration covers. */
      hosts?: Array<{
        host: string;
        username: string;
        /** @visibility secret */
        password: string;
      }>;
    };
    publish?: {
      /** How many repositories are published to at once (default 8). */
      concurrency?: number;
    };
    /** How to reach each node group's cluster, keyed by node group name. */
    clusters?: {
      [nodeGroup: string]: {
        url?: string;
        /** @visibility secret */
        caData?: string;
        skipTLSVerify?: boolean;
        /** @visibility secret */
        serviceAccountToken?: string;
        serviceAccountTokenFile?: string;
        kubeconfigFile?: string;
        kubeconfigContext?: string;
      };
    };
  };
}
