import type { ApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  applicationComponentFilter,
  applicationNameTaken,
  DNS1123_LABEL_HINT,
  isDns1123Label,
} from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';

/**
 * Checks an application name at the field, with the messages publishing gives: a DNS-1123
 * label, and, when the template creates the application, a name that no node group's git
 * (the backend's placement index) and no catalog Component holds yet.
 */
export async function validateApplicationName(
  name: string | undefined,
  field: { addError(message: string): void },
  context: {
    apiHolder: ApiHolder;
    uiSchema?: { 'ui:options'?: { create?: boolean } };
  },
): Promise<void> {
  if (!name) return; // "required" is the form's own rule
  if (!isDns1123Label(name)) {
    field.addError(`${JSON.stringify(name)} ${DNS1123_LABEL_HINT}`);
    return;
  }
  if (context.uiSchema?.['ui:options']?.create === false) return;
  const catalogApi = context.apiHolder.get(catalogApiRef);
  const edgeGitopsApi = context.apiHolder.get(edgeGitopsApiRef);
  const [entities, placements] = await Promise.all([
    catalogApi?.getEntities({
      filter: applicationComponentFilter(name),
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    }),
    edgeGitopsApi?.getPlacements(name),
  ]);
  const taken = applicationNameTaken(name, {
    inGit: (placements?.items ?? [])
      .filter(p => p.published)
      .map(p => p.nodeGroup),
    inCatalog: (entities?.items ?? []).map(
      e => `component:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`,
    ),
  });
  if (taken) field.addError(taken);
}
