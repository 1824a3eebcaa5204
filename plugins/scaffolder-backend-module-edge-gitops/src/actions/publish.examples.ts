import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const application = {
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name: '${{ parameters.name }}' },
  spec: {
    targets: {
      nodeGroups: '${{ parameters.nodeGroups }}',
      selector: { matchLabels: { region: 'east' } },
    },
    services: [
      {
        name: '${{ parameters.name }}',
        containers: [{ name: 'app', image: '${{ parameters.image }}' }],
      },
    ],
  },
};

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Commit the application into the git location of every targeted node group',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'edge-gitops:publish',
          name: 'Publish to the node groups',
          input: { application },
        },
      ],
    }),
  },
  {
    description:
      'Push a review branch per node group instead, and keep going when some fail',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'edge-gitops:publish',
          name: 'Push review branches',
          input: {
            application,
            review: true,
            reviewBranch: 'edge-gitops/${{ parameters.name }}',
            failOnError: false,
          },
        },
      ],
    }),
  },
  {
    description:
      'Change an existing application from its edited YAML (edge-update): refused when it does not exist or the requester may not change its Component',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'edge-gitops:publish',
          name: 'Publish the change',
          input: { update: true, application: '${{ parameters.application }}' },
        },
      ],
    }),
  },
];
