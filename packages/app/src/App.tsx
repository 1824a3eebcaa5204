import { Navigate, Route } from 'react-router-dom';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { UserSettingsPage } from '@backstage/plugin-user-settings';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  EdgeApplicationNameFieldExtension,
  EdgeApplicationDefinitionFieldExtension,
  EdgeTargetsFieldExtension,
  EdgeServicesFieldExtension,
  EdgeReviewFieldExtension,
  EdgeApplicationsPage,
  EdgeNodeGroupsPage,
  EdgeBatchJobsPage,
  edgeGitopsPlugin,
} from '@edge-gitops/plugin-edge-gitops';
import { apis } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';

const app = createApp({
  apis,
  plugins: [edgeGitopsPlugin],
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
      createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
    });
    bind(edgeGitopsPlugin.externalRoutes, {
      template: scaffolderPlugin.routes.selectedTemplate,
    });
  },
  components: {
    SignInPage: props => <SignInPage {...props} auto providers={['guest']} />,
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/create" element={<ScaffolderPage />}>
      <ScaffolderFieldExtensions>
        <EdgeApplicationNameFieldExtension />
        <EdgeApplicationDefinitionFieldExtension />
        <EdgeTargetsFieldExtension />
        <EdgeServicesFieldExtension />
        <EdgeReviewFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
    <Route path="/edge-gitops" element={<EdgeApplicationsPage />} />
    <Route path="/edge-gitops/node-groups" element={<EdgeNodeGroupsPage />} />
    <Route path="/edge-gitops/batch-jobs" element={<EdgeBatchJobsPage />} />
    <Route path="/settings" element={<UserSettingsPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
