import { ANNOTATION_APPLICATION } from './constants';

/**
 * The catalog Component standing for an EdgeApplication.
 *
 * @public
 */
export interface ApplicationComponent {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Component';
  metadata: {
    name: string;
    description?: string;
    annotations: Record<string, string>;
    tags: string[];
  };
  spec: { type: 'edge-application'; lifecycle: string; owner: string };
}

/**
 * The owner of an application whose template or file names none.
 *
 * @public
 */
export const DEFAULT_APPLICATION_OWNER = 'group:platform';

/**
 * The Component that registers an application in the catalog: the scaffolder's
 * edge-gitops:register writes it, and the applications page offers it for applications
 * that git holds but the catalog does not know.
 *
 * @public
 */
export function applicationComponent(app: {
  name: string;
  description?: string;
  owner?: string;
}): ApplicationComponent {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: app.name,
      ...(app.description ? { description: app.description } : {}),
      annotations: { [ANNOTATION_APPLICATION]: app.name },
      tags: ['edge'],
    },
    spec: {
      type: 'edge-application',
      lifecycle: 'production',
      owner: app.owner ?? DEFAULT_APPLICATION_OWNER,
    },
  };
}

/**
 * The catalog filter for the Components that take an application's name: named like it, or
 * annotated with it. A create refuses the name when any matches.
 *
 * @public
 */
export function applicationComponentFilter(
  name: string,
): Record<string, string>[] {
  return [
    { kind: 'Component', 'metadata.name': name },
    {
      kind: 'Component',
      [`metadata.annotations.${ANNOTATION_APPLICATION}`]: name,
    },
  ];
}
