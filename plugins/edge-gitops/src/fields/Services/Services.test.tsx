import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ServicesField } from './ServicesField';
import { validateServices } from './validation';
import {
  envSourceOf,
  envWith,
  volumeRowsOf,
  withVolumeRows,
} from './servicesValue';

// A whole form filled through the dialog's tabs: seconds on a loaded machine.
jest.setTimeout(30_000);

function renderField(
  formData: any,
  onChange = jest.fn(),
  uiOptions = {},
  formContext = {},
) {
  return renderInTestApp(
    <ServicesField
      {...({
        formData,
        onChange,
        rawErrors: [],
        schema: { title: 'Services' },
        idSchema: { $id: 'root_services' },
        uiSchema: { 'ui:options': uiOptions },
        formContext,
      } as any)}
    />,
  );
}

const type = (label: string | RegExp, value: string, i = 0) =>
  fireEvent.change(screen.getAllByLabelText(label)[i], {
    target: { value },
  });

/** Picks an option of a MUI select (the dialog's kind, volume type, env source...). */
async function choose(label: RegExp, option: string, i = 0) {
  fireEvent.mouseDown(screen.getAllByLabelText(label)[i]);
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
}

describe('EdgeServices field', () => {
  it('adds a DaemonSet as the first manual does: host port, hostPath, privileged, the node IP', async () => {
    const onChange = jest.fn();
    await renderField([], onChange);
    expect(
      screen.getByText('No service yet: add the first one.'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Add service' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'DaemonSet' }));
    expect(await screen.findByText('Add a DaemonSet')).toBeInTheDocument();
    // No replicas on a DaemonSet.
    expect(screen.queryByLabelText('Replicas')).not.toBeInTheDocument();

    // Saving without an image: the model's message, at the image field.
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(
      (await screen.findAllByText(/containers\[0\]\.image/)).length,
    ).toBeGreaterThan(0);
    expect(onChange).not.toHaveBeenCalled();

    type(/^Service name/, 'collector');
    type(/^Image/, 'edge/collector:2.1');

    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Name', 'NODE_IP');
    await choose(/^From/, "Node's IP");
    fireEvent.click(screen.getByLabelText('Privileged'));
    // The model's reviewer warning shows as soon as it applies.
    expect(
      await screen.findByText(/securityContext\.privileged:/),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Storage' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add volume' }));
    type('Volume name', 'logs');
    type('Path on the node', '/var/log');
    type('Mount path', '/host/logs');
    fireEvent.click(screen.getByLabelText('Read only'));

    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add port' }));
    type('Container port', '9100');
    type('Host port', '9100');
    fireEvent.click(screen.getByLabelText('Host network'));

    fireEvent.click(screen.getByRole('tab', { name: 'Health' }));
    await choose(/^Check/, 'HTTP GET');
    type('Path', '/healthz');

    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(onChange).toHaveBeenCalledWith([
      {
        name: 'collector',
        kind: 'DaemonSet',
        hostNetwork: true,
        volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }],
        containers: [
          {
            name: 'main',
            image: 'edge/collector:2.1',
            env: [
              {
                name: 'NODE_IP',
                valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } },
              },
            ],
            securityContext: { privileged: true },
            volumeMounts: [
              { name: 'logs', mountPath: '/host/logs', readOnly: true },
            ],
            ports: [{ containerPort: 9100, protocol: 'TCP', hostPort: 9100 }],
            livenessProbe: { httpGet: { path: '/healthz', port: 80 } },
          },
        ],
      },
    ]);
  });

  it('lists services with kind, image, ports and what reviewers are warned about, and edits one', async () => {
    const onChange = jest.fn();
    await renderField(
      [
        {
          name: 'web',
          kind: 'Deployment',
          replicas: 2,
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, hostPort: 8080 }],
            },
          ],
        },
        {
          name: 'nightly',
          kind: 'CronJob',
          hostNetwork: true,
          cronJob: { schedule: '0 3 * * *' },
          containers: [{ name: 'main', image: 'busybox:1.36' }],
        },
      ],
      onChange,
      { kinds: ['Deployment', 'CronJob'] },
    );
    expect(
      screen.getByText('nginx:1.27 · ports 8080->80/TCP'),
    ).toBeInTheDocument();
    expect(screen.getByText('CronJob')).toBeInTheDocument();
    expect(screen.getByText('hostNetwork')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Edit nightly' }));
    expect(await screen.findByLabelText(/^Schedule/)).toHaveValue('0 3 * * *');
    type(/^Schedule/, '30 2 * * *');
    type('Time zone', 'Asia/Shanghai');
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(onChange.mock.calls[0][0][1].cronJob).toEqual({
      schedule: '30 2 * * *',
      timeZone: 'Asia/Shanghai',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove web' }));
    expect(onChange.mock.calls[1][0].map((s: any) => s.name)).toEqual([
      'nightly',
    ]);
  });

  it('adds a sidecar and an init container, and opens the container a problem is in', async () => {
    const onChange = jest.fn();
    await renderField(
      [
        {
          name: 'web',
          kind: 'Deployment',
          replicas: 1,
          volumes: [{ name: 'data', emptyDir: {} }],
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
        },
      ],
      onChange,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit web' }));
    const bar = await screen.findByRole('group', { name: 'Containers' });
    expect(within(bar).getByRole('button', { name: 'web' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // The only work container cannot be removed.
    expect(
      screen.getByRole('button', { name: 'Remove this container' }),
    ).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Add container' }));
    expect(
      within(bar).getByRole('button', { name: 'sidecar' }),
    ).toHaveAttribute('aria-pressed', 'true');
    type(/^Image/, 'fluent/fluent-bit:3.0');
    fireEvent.click(screen.getByRole('tab', { name: 'Storage' }));
    // The service's volume, not mounted in the sidecar yet.
    expect(screen.getByLabelText('Volume name')).toHaveValue('data');
    expect(screen.getByLabelText('Mount path')).toHaveValue('');
    type('Mount path', '/var/data');

    fireEvent.click(screen.getByRole('button', { name: 'Add init container' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Health' }));
    expect(
      screen.getByText('No health checks for an init container'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Basic' }));
    type(/^Container name/, 'setup');

    // Saving from another container: the dialog opens the one whose image is missing.
    fireEvent.click(within(bar).getByRole('button', { name: 'web' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(
      (await screen.findAllByText(/initContainers\[0\]\.image/)).length,
    ).toBeGreaterThan(0);
    expect(
      within(bar).getByRole('button', { name: 'init: setup' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText(/^Container name/)).toHaveValue('setup');
    expect(onChange).not.toHaveBeenCalled();

    type(/^Image/, 'busybox:1.36');
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(onChange).toHaveBeenCalledWith([
      {
        name: 'web',
        kind: 'Deployment',
        replicas: 1,
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          {
            name: 'sidecar',
            image: 'fluent/fluent-bit:3.0',
            volumeMounts: [{ name: 'data', mountPath: '/var/data' }],
          },
        ],
        initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
      },
    ]);
  });

  it('saves a service without the fields that were cleared (no undefined values in the form data)', async () => {
    const onChange = jest.fn();
    await renderField(
      [
        {
          name: 'web',
          kind: 'Deployment',
          replicas: 1,
          hostNetwork: true,
          containers: [{ name: 'web', image: 'nginx:1.27' }],
          initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        },
      ],
      onChange,
      { hostAccessField: 'hostAccess' },
      { formData: { hostAccess: true } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit web' }));
    fireEvent.click(await screen.findByRole('button', { name: 'init: setup' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Remove this container' }),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    fireEvent.click(screen.getByLabelText('Host network'));
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    const [saved] = onChange.mock.calls[0][0];
    expect(Object.keys(saved).sort()).toEqual([
      'containers',
      'kind',
      'name',
      'replicas',
    ]);
  });

  it('keeps every container mounting what the volumes are: a rename follows, a removal unmounts', () => {
    const service: any = {
      name: 'web',
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'logs', hostPath: { path: '/var/log' } },
      ],
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'logs', mountPath: '/logs' },
          ],
        },
      ],
      initContainers: [
        {
          name: 'setup',
          image: 'busybox:1.36',
          volumeMounts: [{ name: 'data', mountPath: '/seed' }],
        },
      ],
    };
    const ref = { list: 'containers', index: 0 } as const;
    const rows = volumeRowsOf(service, ref);
    const renamed = withVolumeRows(service, ref, [
      { ...rows[0], name: 'cache' },
      rows[1],
    ]);
    expect(renamed.initContainers![0].volumeMounts).toEqual([
      { name: 'cache', mountPath: '/seed' },
    ]);
    expect(renamed.containers[0].volumeMounts).toEqual([
      { name: 'cache', mountPath: '/data' },
      { name: 'logs', mountPath: '/logs' },
    ]);
    const removed = withVolumeRows(renamed, ref, [rows[1]]);
    expect(removed.volumes).toEqual([
      { name: 'logs', hostPath: { path: '/var/log' } },
    ]);
    expect(removed.initContainers![0].volumeMounts).toEqual([]);
    expect(removed.containers[0].volumeMounts).toEqual([
      { name: 'logs', mountPath: '/logs' },
    ]);
  });

  it('offers host access only when the template gives it (hostAccessField)', async () => {
    await renderField(
      [],
      jest.fn(),
      { hostAccessField: 'hostAccess' },
      {
        formData: { hostAccess: false },
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add service' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'DaemonSet' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    expect(screen.queryByLabelText('Privileged')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Privileged containers and host PID need host access/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Network' }));
    expect(screen.queryByLabelText('Host network')).not.toBeInTheDocument();
  });

  it('keeps a list as it is typed (a trailing comma, a new line) and saves its items', async () => {
    const onChange = jest.fn();
    await renderField(
      [{ name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] }],
      onChange,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit web' }));
    type(/^Arguments/, '--port\n');
    expect(screen.getByLabelText(/^Arguments/)).toHaveValue('--port\n');
    type(/^Arguments/, '--port\n8080');
    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    type('Image architectures', 'amd64,');
    expect(screen.getByLabelText('Image architectures')).toHaveValue('amd64,');
    type('Image architectures', 'amd64, arm64');
    fireEvent.click(screen.getByRole('button', { name: 'Save service' }));
    expect(onChange.mock.calls[0][0][0].containers[0]).toMatchObject({
      args: ['--port', '8080'],
      architectures: ['amd64', 'arm64'],
    });
  });

  it('validates at the field with the model messages, per service', () => {
    const errors: string[] = [];
    validateServices(
      [
        { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
        { name: 'web', containers: [{ name: 'main', image: '' }] },
      ] as any,
      { addError: m => errors.push(m) },
    );
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every(e => e.startsWith('web: '))).toBe(true);
    expect(errors.some(e => e.includes('containers[0].image'))).toBe(true);
    const none: string[] = [];
    validateServices([], { addError: m => none.push(m) });
    expect(none).toEqual(['add at least one service']);
  });

  it('turns env sources into the env vars Kubernetes takes', () => {
    const env = envWith({ name: 'TOKEN', value: 'x' }, 'secret', {
      ref: 'agent',
      key: 'token',
    });
    expect(env).toEqual({
      name: 'TOKEN',
      valueFrom: { secretKeyRef: { name: 'agent', key: 'token' } },
    });
    expect(envSourceOf(env)).toBe('secret');
    expect(envWith(env, 'podName')).toEqual({
      name: 'TOKEN',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
  });
});
