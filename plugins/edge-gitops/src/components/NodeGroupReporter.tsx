import { useState } from 'react';
import {
  CodeSnippet,
  InfoCard,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  REPORTER_NAMESPACE,
  REPORTER_TOKEN_SECRET,
  ReporterToken,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Box, Button, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { edgeGitopsApiRef } from '../api/EdgeGitopsApi';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * A node group's reporter: the tokens it may report with (issue, revoke) and the
 * manifests that run it in the cluster. A new token is shown once, with the command that
 * puts it in the cluster; only its hash is kept.
 *
 * @public
 */
export const NodeGroupReporter = ({ nodeGroup }: { nodeGroup: string }) => {
  const api = useApi(edgeGitopsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listReporterTokens(nodeGroup),
    [api, nodeGroup],
  );
  const [issued, setIssued] = useState<string>();
  const [failure, setFailure] = useState<Error>();

  const act = async (fn: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await fn();
    } catch (e) {
      setFailure(e as Error);
    }
    retry();
  };

  const columns: TableColumn<ReporterToken>[] = [
    { title: 'Token', render: t => <code>{t.id.slice(0, 8)}</code> },
    { title: 'Issued by', field: 'createdBy' },
    { title: 'Issued', render: t => when(t.createdAt) },
    { title: 'Last report', render: t => when(t.lastUsedAt) },
    {
      title: '',
      render: t =>
        t.revokedAt ? (
          <Typography variant="body2">revoked {when(t.revokedAt)}</Typography>
        ) : (
          <Button
            size="small"
            color="secondary"
            onClick={() => act(() => api.revokeReporterToken(nodeGroup, t.id))}
          >
            Revoke
          </Button>
        ),
    },
  ];

  if (error)
    return (
      <InfoCard title="Reporter">
        <WarningPanel
          title="The reporter cannot be managed here"
          message={error.message}
        />
      </InfoCard>
    );
  return (
    <InfoCard title="Reporter">
      <Typography variant="body2" paragraph>
        A cluster Backstage cannot reach (behind NAT or a firewall) runs the
        reporter, which pushes its status out. A node group with a live token is
        in <b>reporting</b> mode; otherwise Backstage watches its cluster.
      </Typography>
      {failure && (
        <WarningPanel title="That did not work" message={failure.message} />
      )}
      {issued && (
        <Box mb={2}>
          <WarningPanel
            severity="info"
            title="Copy the token now: it is shown this once"
            message="Put it in the cluster as a Secret; the reporter reads it from there."
          />
          <CodeSnippet
            language="bash"
            showCopyCodeButton
            text={`kubectl create namespace ${REPORTER_NAMESPACE} --dry-run=client -o yaml | kubectl apply -f -\nkubectl -n ${REPORTER_NAMESPACE} create secret generic ${REPORTER_TOKEN_SECRET} --from-literal=token=${issued}`}
          />
        </Box>
      )}
      <Table<ReporterToken>
        title="Tokens"
        isLoading={loading}
        columns={columns}
        data={value?.items ?? []}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">
              No token yet: Backstage watches this node group's cluster.
            </Typography>
          </Box>
        }
      />
      <Box mt={2} mb={2}>
        <Button
          variant="contained"
          color="primary"
          onClick={() =>
            act(async () =>
              setIssued((await api.issueReporterToken(nodeGroup)).token),
            )
          }
        >
          Issue token
        </Button>
      </Box>
      {value?.manifests && (
        <>
          <Typography variant="subtitle2">
            Run the reporter in the cluster (read-only access)
          </Typography>
          <CodeSnippet
            language="yaml"
            text={value.manifests}
            showCopyCodeButton
          />
        </>
      )}
    </InfoCard>
  );
};
