import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Register the published application in the catalog, owned by the person who ran the template',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'edge-gitops:register',
          name: 'Register in the catalog',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
];
