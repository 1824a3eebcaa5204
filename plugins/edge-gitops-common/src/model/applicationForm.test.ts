import { applicationFromFormInput, pruneEmpty } from './applicationForm';

describe('pruneEmpty', () => {
  it('drops what unfilled fields leave and keeps an emptyDir volume', () => {
    expect(
      pruneEmpty({
        name: 'web',
        description: '',
        labels: {},
        imagePullSecrets: [],
        volumes: [{ name: 'data', emptyDir: {} }, { name: '' }],
        containers: [{ name: 'web', image: 'nginx:1.27', env: [{}] }],
      }),
    ).toEqual({
      name: 'web',
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{ name: 'web', image: 'nginx:1.27' }],
    });
  });
});

describe('applicationFromFormInput', () => {
  it('keeps Kubernetes objects given as objects exactly as written', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', annotations: {} },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    };
    const { document, problems } = applicationFromFormInput({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'policy', description: '' },
      spec: { targets: { nodeGroups: ['sh-01'] }, manifests: [policy] },
    });
    expect(problems).toEqual([]);
    expect(document).toEqual({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'policy' },
      spec: { targets: { nodeGroups: ['sh-01'] }, manifests: [policy] },
    });
  });
});
