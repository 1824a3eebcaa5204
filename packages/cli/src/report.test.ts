import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  KubeApiServer,
  startKubeApiServer,
} from '@edge-gitops/plugin-edge-gitops-node/testUtils';
import { main } from './index';
import type { Io } from './io';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: l => stdout.push(l), err: l => stderr.push(l) };
}

/** The backend's reports endpoint, as far as a reporter sees it: it keeps what it is sent. */
async function reportsEndpoint(answer: (body: any) => [number, object]) {
  const received: { path: string; authorization?: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const [status, json] = answer(body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise(r => server.close(r)),
  };
}

describe('edge-gitops report', () => {
  let cluster: KubeApiServer;
  let dir: string;
  let kubeconfig: string;
  let tokenFile: string;
  const token = 'egr_cli-test-secret';

  beforeAll(async () => {
    cluster = await startKubeApiServer({ version: 'v1.31.4+k3s1' });
    cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'agent',
        namespace: 'default',
        generation: 1,
        labels: {
          'app.kubernetes.io/part-of': 'log-agent',
          'app.kubernetes.io/managed-by': 'edge-gitops',
          'edge-gitops.io/node-group': 'sh-02',
        },
      },
      status: {
        observedGeneration: 1,
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
        numberReady: 3,
      },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-cli-report-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'edge',
            cluster: {
              server: cluster.url,
              'certificate-authority-data': cluster.caData,
            },
          },
        ],
        users: [{ name: 'reporter', user: { token: cluster.token } }],
        contexts: [
          { name: 'edge', context: { cluster: 'edge', user: 'reporter' } },
        ],
        'current-context': 'edge',
      }),
    );
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${token}\n`);
  });
  afterAll(() => cluster?.close());

  it('sends a snapshot of the cluster with the token, and never prints it', async () => {
    const endpoint = await reportsEndpoint(body => [
      200,
      { accepted: true, sequence: body.sequence },
    ]);
    try {
      const io = capture();
      const args = [
        'report',
        '--backend',
        endpoint.url,
        '--node-group',
        'sh-02',
        '--token-file',
        tokenFile,
        '--kubeconfig',
        kubeconfig,
        '--once',
      ];
      expect(await main(args, io)).toBe(0);
      expect(JSON.parse(io.stdout[0])).toEqual({
        nodeGroup: 'sh-02',
        sequence: 1,
        snapshot: true,
        applications: 1,
      });
      const [sent] = endpoint.received;
      expect(sent.path).toBe('/api/edge-gitops/node-groups/sh-02/reports');
      expect(sent.authorization).toBe(`Bearer ${token}`);
      expect(sent.body).toMatchObject({
        sequence: 1,
        snapshot: true,
        cluster: { reachable: true, kubernetesVersion: 'v1.31.4+k3s1' },
        applications: {
          'log-agent': { status: 'Current', nodeGroup: 'sh-02' },
        },
      });
      expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(token);
    } finally {
      await endpoint.close();
    }
  });

  it('exits 1 with the reason when the backend refuses the token', async () => {
    const endpoint = await reportsEndpoint(() => [
      401,
      {
        error: {
          message: 'a live reporter token of this node group is required',
        },
      },
    ]);
    try {
      const io = capture();
      const code = await main(
        [
          'report',
          '--backend',
          endpoint.url,
          '--node-group',
          'sh-02',
          '--token-file',
          tokenFile,
          '--kubeconfig',
          kubeconfig,
          '--once',
        ],
        io,
      );
      expect(code).toBe(1);
      expect(io.stderr.join('\n')).toContain(
        'the backend refused the reporter token of node group sh-02 (HTTP 401)',
      );
      expect(io.stderr.join('\n')).not.toContain(token);
    } finally {
      await endpoint.close();
    }
  });

  it('is wrong usage without a token file', async () => {
    const io = capture();
    expect(
      await main(
        ['report', '--backend', 'http://x', '--node-group', 'sh-02'],
        io,
      ),
    ).toBe(2);
    expect(io.stderr[0]).toContain('--token-file is required');
  });
});
