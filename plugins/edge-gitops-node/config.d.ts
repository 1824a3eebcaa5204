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
      /**
       * Hosts (host or host:port) that may receive credentials over plain http. Any other
       * host gets credentials only over https; keep this for test servers on a trusted network.
       */
      insecureHosts?: string[];
      /** How patient git over HTTP is. */
      timeouts?: {
        /** Connecting to a git host (default 10). */
        connectSeconds?: number;
        /** Silence in the middle of a request (default 30). */
        idleSeconds?: number;
        /** Everything one node group's publish does over HTTP (default 120). */
        nodeGroupSeconds?: number;
      };
    };
    publish?: {
      /**
       * Allow cluster-scoped objects (Namespace, ClusterRoleBinding...) in YAML-mode
       * manifests; they are then listed for reviewers. Default false: they are refused.
       */
      allowClusterScoped?: boolean;
      /** How many repositories are published to at once (default 8). */
      concurrency?: number;
    };
    /** The placement index (docs/placements.md). */
    placements?: {
      /**
       * How often one backend instance compares every node group's git head with the index
       * and reads the folders whose head moved, in seconds (default 30).
       */
      reconcileFrequencySeconds?: number;
    };
    /** Reporters in edge clusters that push their status out (docs/reporters.md). */
    reporters?: {
      /**
       * Publishing places the reporter in every node group folder it writes
       * (system/edge-gitops-reporter/), so each cluster's GitOps agent installs it.
       */
      enabled?: boolean;
      /**
       * A node group whose reporter has sent nothing for this long is Unknown, with its last
       * known state, in seconds (default 90: three missed 30 s reports).
       */
      silentAfterSeconds?: number;
      /** The URL reporters send to (default backend.baseUrl): what edge clusters can reach. */
      backendUrl?: string;
      /** The image the reporter runs (packages/cli/Dockerfile; default edge-gitops:dev). */
      image?: string;
    };
    /** Batch jobs (docs/batch-jobs.md). */
    batch?: {
      /** How often each backend instance steps the jobs it holds, in seconds (default 2). */
      runFrequencySeconds?: number;
    };
    /**
     * The simulated fleet (docs/simulator.md): every node group without an entry in
     * `clusters` gets a simulated cluster that speaks the Kubernetes API over HTTPS and
     * syncs the node group's git location like Flux. For trying edge-gitops and for tests;
     * off by default.
     */
    simulator?: {
      enabled?: boolean;
      /** Nodes per simulated cluster (default 3: a tainted control plane and two workers). */
      nodesPerCluster?: number;
      /** How fast the simulated fleet moves, in milliseconds (defaults in docs/simulator.md). */
      timings?: {
        tickMs?: number;
        gitPollMs?: number;
        applyDelayMs?: number;
        imagePullMs?: number;
        containerStartMs?: number;
        readyMs?: number;
        jobRunMs?: number;
        crashMs?: number;
        backoffMs?: number;
        maxBackoffMs?: number;
        maxProgressDeadlineMs?: number;
      };
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
