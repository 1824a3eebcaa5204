import type { PlacedWorkload } from '@edge-gitops/plugin-edge-gitops-common';
import { Typography } from '@material-ui/core';

/** Images, one per line, in code type: they are what a person copies and compares. */
export const ImageList = ({ images }: { images: readonly string[] }) =>
  images.length ? (
    <>
      {images.map(image => (
        <Typography key={image} variant="body2" component="div">
          <code>{image}</code>
        </Typography>
      ))}
    </>
  ) : (
    <>—</>
  );

/** Workloads as Kind/name, with the namespace when it is not the default one. */
export const WorkloadList = ({
  workloads,
}: {
  workloads: readonly PlacedWorkload[];
}) =>
  workloads.length ? (
    <>
      {workloads.map(w => (
        <Typography
          key={`${w.kind}/${w.namespace}/${w.name}`}
          variant="body2"
          component="div"
        >
          {w.kind}/{w.name}
          {w.namespace !== 'default' && (
            <Typography variant="caption" color="textSecondary">
              {' '}
              in {w.namespace}
            </Typography>
          )}
        </Typography>
      ))}
    </>
  ) : (
    <>—</>
  );

/** Ports bound on the node ("8080/TCP"), or a dash. */
export const HostPortList = ({
  hostPorts,
}: {
  hostPorts: readonly string[];
}) => <>{hostPorts.length ? hostPorts.join(', ') : '—'}</>;
