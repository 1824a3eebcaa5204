import { found } from '../rules/testing';
import {
  checkKubernetesObject,
  KUBERNETES_SCHEMA_SOURCE,
} from './kubernetesObjects';

const check = (object: Record<string, unknown>) =>
  found(p => checkKubernetesObject(object, 'm', p));

describe('checkKubernetesObject', () => {
  it('accepts objects as Kubernetes writes them, quantities as numbers and null timestamps included', () => {
    expect(
      check({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', creationTimestamp: null, labels: { a: 'b' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { a: 'b' } },
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
          template: {
            metadata: { labels: { a: 'b' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  ports: [{ containerPort: 80 }],
                  resources: { limits: { cpu: 1, memory: '128Mi' } },
                },
              ],
            },
          },
        },
      }),
    ).toEqual([]);
    // Core kinds, a kind whose model carries its group's name, and HPA v2.
    expect(
      check({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' } }),
    ).toEqual([]);
    expect(
      check({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: { minReplicas: 1, maxReplicas: 3 },
      }),
    ).toEqual([]);
  });

  it('reports unknown fields and wrong types with their path', () => {
    expect(
      check({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', lables: { a: 'b' } },
        data: { port: 8080 },
        Data: {},
      }),
    ).toEqual([
      `error m.metadata.lables: is not a field of ObjectMeta (${KUBERNETES_SCHEMA_SOURCE}): check its spelling and case`,
      'error m.data.port: must be a string, got number',
      `error m.Data: is not a field of ConfigMap (${KUBERNETES_SCHEMA_SOURCE}): check its spelling and case`,
    ]);
    expect(
      check({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'd' },
        spec: { template: { spec: { containers: { name: 'x' } } } },
      }),
    ).toEqual([
      'error m.spec.template.spec.containers: must be a list, got object',
    ]);
  });

  it('refuses kinds and versions Kubernetes does not serve, and leaves custom resources alone', () => {
    expect(
      check({
        apiVersion: 'extensions/v1beta1',
        kind: 'Ingress',
        metadata: {},
      }),
    ).toEqual([
      `error m.apiVersion: extensions/v1beta1 has no kind Ingress in ${KUBERNETES_SCHEMA_SOURCE}: check the kind's spelling and its current apiVersion`,
    ]);
    expect(
      check({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: {} }),
    ).toHaveLength(1);
    expect(
      check({
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name: 's' },
        spec: { encryptedData: { password: 'AgB...' } },
      }),
    ).toEqual([]);
  });
});
