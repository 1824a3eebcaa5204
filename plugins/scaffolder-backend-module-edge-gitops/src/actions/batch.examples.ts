import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Roll an application out to every node group labelled region=east: one canary, then a quarter at a time',
    example: yaml.stringify({
      steps: [
        {
          id: 'batch',
          action: 'edge-gitops:batch',
          name: 'Roll out in waves',
          input: {
            application: {
              apiVersion: 'edge-gitops.io/v1alpha1',
              kind: 'EdgeApplication',
              metadata: { name: 'kiosk' },
              spec: {
                targets: { selector: { matchLabels: { region: 'east' } } },
                services: [
                  {
                    name: 'kiosk',
                    containers: [{ name: 'kiosk', image: 'nginx:1.27' }],
                  },
                ],
              },
            },
            waves: { canary: 1, size: '25%' },
            maxUnavailable: 1,
            soakSeconds: 60,
            waveTimeoutSeconds: 900,
            unreachable: 'defer',
          },
        },
      ],
      output: {
        links: [{ title: 'Batch job', url: '${{ steps.batch.output.url }}' }],
      },
    }),
  },
];
