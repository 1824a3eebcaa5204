import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import type { KubeObject } from './kubeApi/objectStore';

export const CONTROL_PLANE_TAINT = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
};

/**
 * The nodes of a node group's simulated cluster. Every node carries the node group's
 * labels (so `arch: arm64` and `gpu: "true"` hold inside the cluster too), the well-known
 * kubernetes.io labels, and a second-level label `demo: "0N"` for its position, so the
 * samples' node selector `demo: "02"` picks exactly one node. The first node is the
 * control plane, tainted NoSchedule as kubeadm does: only pods that tolerate it run there.
 */
export function simulatedNodes(group: NodeGroup, count: number): KubeObject[] {
  const arch = group.labels.arch ?? 'amd64';
  return Array.from({ length: count }, (_, i) => {
    const name = `${group.name}-node-${i + 1}`;
    const controlPlane = i === 0;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          ...group.labels,
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': arch,
          'node.kubernetes.io/instance-type': 'simulated',
          demo: String(i + 1).padStart(2, '0'),
          ...(controlPlane
            ? { 'node-role.kubernetes.io/control-plane': 'true' }
            : { 'node-role.kubernetes.io/edge': 'true' }),
        },
        annotations: { 'edge-gitops.io/simulated': 'true' },
      },
      spec: controlPlane ? { taints: [CONTROL_PLANE_TAINT] } : {},
      status: {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        addresses: [
          { type: 'InternalIP', address: `10.0.0.${i + 10}` },
          { type: 'Hostname', address: name },
        ],
        nodeInfo: {
          architecture: arch,
          operatingSystem: 'linux',
          kubeletVersion: 'v1.31.4',
          containerRuntimeVersion: 'simulated://1.0',
        },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status (simulated)',
          },
        ],
      },
    };
  });
}
