import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Render the manifests of every targeted node group into the workspace, e.g. to publish them with another action',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'edge-gitops:render',
          name: 'Render manifests',
          input: {
            application: {
              apiVersion: 'edge-gitops.io/v1alpha1',
              kind: 'EdgeApplication',
              metadata: { name: 'camera-ingest' },
              spec: {
                targets: { selector: { matchLabels: { gpu: 'true' } } },
                services: [
                  {
                    name: 'ingest',
                    kind: 'DaemonSet',
                    containers: [
                      { name: 'ingest', image: 'registry.local/ingest:2.1' },
                    ],
                  },
                ],
              },
            },
            targetPath: 'manifests',
          },
        },
      ],
    }),
  },
];
