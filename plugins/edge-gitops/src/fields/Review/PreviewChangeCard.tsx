import { useState } from 'react';
import { CodeSnippet } from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  FileDiff,
  fileCounts,
  filePatch,
  PreviewChange,
} from '@edge-gitops/plugin-edge-gitops-common';

const MAX_NAMES = 6;

/** The workloads first: application.yaml and kustomization.yaml are bookkeeping. */
const bookkeeping = (path: string) =>
  /(^|\/)(application|kustomization)\.yaml$/.test(path) ? 1 : 0;

/** "sh-01, sh-02 and 38 more": a change shared by a fleet stays one line. */
export function nodeGroupList(names: readonly string[]): string {
  if (names.length <= MAX_NAMES) return names.join(', ');
  return `${names.slice(0, MAX_NAMES).join(', ')} and ${
    names.length - MAX_NAMES
  } more`;
}

function summaryLine(change: PreviewChange): string {
  const { added, changed, removed } = change.summary;
  return [
    added.length ? `adds ${added.join(', ')}` : '',
    changed.length ? `changes ${changed.join(', ')}` : '',
    removed.length ? `removes ${removed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** One file: the change as a diff, or the whole manifest the node group will hold. */
const FilePreview = ({ file }: { file: FileDiff }) => {
  // A new file reads better whole than as a diff of added lines.
  const [view, setView] = useState<'diff' | 'file'>(
    file.status === 'added' ? 'file' : 'diff',
  );
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          size="small"
          label={file.status}
          color={file.status === 'removed' ? 'secondary' : 'default'}
        />
        <Typography variant="body2" component="code">
          {file.path}
        </Typography>
        {file.after !== undefined && (
          <Tabs
            value={view}
            onChange={(_e, v) => setView(v)}
            aria-label={`How to show ${file.path}`}
          >
            <Tab value="diff" label="Change" />
            <Tab value="file" label="Manifest" />
          </Tabs>
        )}
      </Box>
      {view === 'diff' || file.after === undefined ? (
        <CodeSnippet language="diff" text={filePatch(file)} />
      ) : (
        <CodeSnippet language="yaml" text={file.after} showLineNumbers />
      )}
    </Box>
  );
};

/** One change of the preview, for every node group that gets exactly it. */
export const PreviewChangeCard = (props: {
  change: PreviewChange;
  defaultExpanded?: boolean;
}) => {
  const { change } = props;
  const counts = fileCounts(change.files);
  return (
    <Accordion defaultExpanded={props.defaultExpanded}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Box>
          <Typography variant="subtitle1">
            {nodeGroupList(change.nodeGroups)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {change.problems.length
              ? `cannot take it: ${change.problems
                  .map(p => p.message)
                  .join('; ')}`
              : `${summaryLine(change) || 'files change'} (${counts})`}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails>
        <Box width="100%">
          {change.summary.images.length > 0 && (
            <Typography variant="body2" gutterBottom>
              Images: {change.summary.images.join('; ')}
            </Typography>
          )}
          {[...change.files]
            .sort((a, b) => bookkeeping(a.path) - bookkeeping(b.path))
            .map(f => (
              <FilePreview key={f.path} file={f} />
            ))}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
};
