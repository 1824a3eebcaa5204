import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Remove the application from every node group, then its Component from the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'unpublish',
          action: 'edge-gitops:unpublish',
          name: 'Remove from node groups',
          input: { name: '${{ parameters.name }}' },
        },
        {
          id: 'unregister',
          action: 'edge-gitops:unregister',
          name: 'Remove from the catalog',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
