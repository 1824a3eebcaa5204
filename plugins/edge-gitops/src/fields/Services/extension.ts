import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { edgeGitopsPlugin } from '../../plugin';
import { EdgeServicesFieldSchema } from './schema';
import { ServicesField } from './ServicesField';
import { validateServices } from './validation';

/**
 * `ui:field: EdgeServices`: the application's services, each edited in a dialog grouped
 * as basic / advanced / storage / health / network / scheduling (docs/templates.md).
 *
 * @public
 */
export const EdgeServicesFieldExtension = edgeGitopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EdgeServices',
    component: ServicesField,
    validation: validateServices as any,
    schema: EdgeServicesFieldSchema.schema,
  }),
);
