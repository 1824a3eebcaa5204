import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description: 'Remove an application from every node group that holds it',
    example: yaml.stringify({
      steps: [
        {
          id: 'unpublish',
          action: 'edge-gitops:unpublish',
          name: 'Remove from the node groups',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
