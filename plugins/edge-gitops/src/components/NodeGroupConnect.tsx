import {
  CodeSnippet,
  InfoCard,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  argoApplicationFor,
  fluxGitRepositoryFor,
  fluxKustomizationFor,
  nodeGroupFromEntity,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Grid, Typography } from '@material-ui/core';

/** Node group tab: its git location and how to point Flux or Argo CD at it. */
export const NodeGroupConnect = () => {
  const { entity } = useEntity();
  let group;
  try {
    group = nodeGroupFromEntity(entity);
  } catch (e) {
    return (
      <WarningPanel
        title="Not a usable node group"
        message={(e as Error).message}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Git location">
          <Typography>
            Repository <code>{group.git.url}</code>, branch{' '}
            <code>{group.git.branch}</code>, folder{' '}
            <code>/{group.git.path}</code>
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item md={6} xs={12}>
        <InfoCard title="Connect with Flux">
          <CodeSnippet
            language="yaml"
            text={`${toYaml(fluxGitRepositoryFor(group))}---\n${toYaml(
              fluxKustomizationFor(group),
            )}`}
            showCopyCodeButton
          />
        </InfoCard>
      </Grid>
      <Grid item md={6} xs={12}>
        <InfoCard title="Connect with Argo CD">
          <CodeSnippet
            language="yaml"
            text={toYaml(argoApplicationFor(group))}
            showCopyCodeButton
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
