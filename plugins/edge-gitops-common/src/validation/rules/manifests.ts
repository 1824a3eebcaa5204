import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from '../../names';
import type { EdgeApplication, EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';
import { checkKubernetesObject } from '../kubernetes/kubernetesObjects';

const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;

const errorCount = (p: Problems) =>
  p.list.filter(x => x.severity === 'error').length;

const SECRET_VALUE_FIELDS = new Set(['data', 'stringdata']);

/**
 * Kinds of Kubernetes and its usual add-ons that are not namespaced: an object of one of
 * them affects every application of the cluster.
 *
 * @public
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeSnapshotClass',
]);

/**
 * What an operator allows beyond the defaults.
 *
 * @public
 */
export interface ValidationOptions {
  /** Cluster-scoped objects in spec.manifests become warnings for reviewers instead of errors. */
  allowClusterScoped?: boolean;
}

/**
 * YAML-mode objects (spec.manifests): typed, named so they can be files, given once, not
 * clashing with what the services render, and never carrying secret values into git.
 *
 * @public
 */
export function checkManifests(
  app: EdgeApplication,
  p: Problems,
  opts: ValidationOptions = {},
): void {
  const seen = new Map<string, string>();
  const services = asArray<EdgeService>(app.spec?.services);
  asArray<any>(app.spec?.manifests).forEach((m, i) => {
    const at = joinPath('spec.manifests', i);
    if (!isPlainObject(m)) return;
    const errorsBefore = errorCount(p);
    if (typeof m.apiVersion !== 'string' || m.apiVersion === '')
      p.error(joinPath(at, 'apiVersion'), 'is required');
    if (typeof m.kind !== 'string' || !KIND_NAME.test(m.kind)) {
      p.error(
        joinPath(at, 'kind'),
        'is required: a Kubernetes kind such as ConfigMap',
      );
    }
    const name = m.metadata?.name;
    if (
      typeof name !== 'string' ||
      !DNS1123_SUBDOMAIN.test(name) ||
      name.length > 253
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'name'),
        `${JSON.stringify(
          name,
        )} must be a DNS-1123 name: lowercase letters, digits, "-" and "."; no "/" or ".."`,
      );
    } else if (typeof m.kind === 'string') {
      const key = `${m.kind.toLowerCase()}.${name}`;
      if (seen.has(key))
        p.error(at, `${m.kind} ${name} is already given at ${seen.get(key)}`);
      seen.set(key, at);
    }
    const namespace = m.metadata?.namespace;
    if (
      namespace !== undefined &&
      (typeof namespace !== 'string' ||
        !DNS1123_LABEL.test(namespace) ||
        namespace.length > 63)
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'namespace'),
        `${JSON.stringify(
          namespace,
        )} is not a namespace name: up to 63 lowercase letters, digits and "-"`,
      );
    }
    if (typeof m.kind === 'string' && CLUSTER_SCOPED_KINDS.has(m.kind)) {
      const message = `${m.kind} ${name} is cluster-scoped: it changes the whole cluster, not only this application`;
      if (opts.allowClusterScoped)
        p.warn(at, `${message}; reviewers, check it`);
      else
        p.error(
          at,
          `${message}; an operator must allow cluster-scoped objects (edgeGitops.publish.allowClusterScoped, or --allow-cluster-scoped in the CLI)`,
        );
    }
    const clash = services.find(
      s =>
        s?.name === name &&
        ((s.kind ?? 'Deployment') === m.kind ||
          (m.kind === 'Service' && s.expose)),
    );
    if (clash)
      p.error(
        at,
        `${m.kind} ${name} is also rendered from spec.services (service ${clash.name}); rename one of them`,
      );
    // Field names in any case: Data: or STRINGDATA: must not slip secret values through.
    if (
      String(m.kind).toLowerCase() === 'secret' &&
      Object.keys(m).some(k => SECRET_VALUE_FIELDS.has(k.toLowerCase()))
    ) {
      p.error(
        at,
        'a Secret with data or stringData would put secret values in git; reference a Secret that exists in the cluster, or commit a SealedSecret, a SOPS-encrypted Secret or an ExternalSecret',
      );
    }
    if (m.kind === 'List' || Array.isArray(m.items))
      p.error(at, 'give each object on its own, not a List');
    // Against the Kubernetes schema only once our own rules pass: a Secret's `Data:` is
    // one problem, said with its reason, not also an unknown field.
    if (errorCount(p) === errorsBefore) checkKubernetesObject(m, at, p);
  });
}
