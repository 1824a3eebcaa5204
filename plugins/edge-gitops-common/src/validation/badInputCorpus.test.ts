import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '../model/parse';
import { validateApplication } from './validateApplication';
import type { Problem } from './problems';

const dir = path.join(__dirname, '../__fixtures__/bad');

/** Each fixture declares the errors it must produce: "# expect: <path> :: <message fragment>". */
function expectations(text: string) {
  return [...text.matchAll(/^# expect: (.*?) :: (.*)$/gm)].map(m => ({
    path: m[1],
    fragment: m[2],
  }));
}

function problemsOf(text: string): Problem[] {
  const [doc] = parseYamlDocuments(text);
  if (doc.problems.length) return doc.problems;
  return validateApplication(doc.value).errors;
}

const files = fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.yaml'))
  .sort();

describe('bad input corpus', () => {
  it('has a fixture for each rule', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s gives a clear error at the right path', file => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);
    const problems = problemsOf(text);
    for (const { path: p, fragment } of expected) {
      const match = problems.find(
        e =>
          (p === 'line' ? e.path.startsWith('line ') : e.path === p) &&
          e.message.includes(fragment),
      );
      if (!match) {
        throw new Error(
          `${file}: expected an error at ${p} containing "${fragment}", got:\n${problems
            .map(e => `  ${e.path}: ${e.message}`)
            .join('\n')}`,
        );
      }
    }
    expect(problems.every(e => e.severity === 'error')).toBe(true);
  });
});

describe('hostile input', () => {
  it('refuses a document larger than 1 MiB', () => {
    const huge = `apiVersion: edge-gitops.io/v1alpha1\nkind: EdgeApplication\nmetadata: {name: a, description: "${'x'.repeat(
      1100 * 1024,
    )}"}\n`;
    const [doc] = parseYamlDocuments(huge);
    expect(doc.problems[0].message).toMatch(/larger than 1048576 bytes/);
    expect(doc.value).toBeUndefined();
  });

  it('refuses deeply nested input without overflowing the stack', () => {
    const deep = `${Array.from(
      { length: 200 },
      (_, i) => `${' '.repeat(i)}k${i}:`,
    ).join('\n')} x\n`;
    const [doc] = parseYamlDocuments(deep);
    expect(doc.problems.map(p => p.message).join()).toMatch(
      /nested deeper than 64 levels/,
    );
  });

  it('refuses a service list of ten thousand entries with one error, not ten thousand', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => ({
      name: `s${i}`,
      containers: [{ name: 'c', image: 'busybox:1.36' }],
    }));
    const result = validateApplication({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'a' },
      spec: { targets: { nodeGroups: ['x'] }, services },
    });
    expect(result.valid).toBe(false);
    expect(
      result.errors.find(e => e.path === 'spec.services')?.message,
    ).toMatch(/at most 100 entries/);
    expect(result.errors.length).toBeLessThan(5);
  });
});

describe('warnings are kept apart from errors', () => {
  it('warns on latest tags, privileged, hostNetwork, hostPID and hostPath, and stays valid', () => {
    const result = validateApplication({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'a' },
      spec: {
        targets: { nodeGroups: ['x'] },
        services: [
          {
            name: 'a',
            kind: 'DaemonSet',
            hostNetwork: true,
            hostPID: true,
            volumes: [{ name: 'dev', hostPath: { path: '/dev' } }],
            containers: [
              {
                name: 'a',
                image: 'busybox',
                securityContext: { privileged: true },
                volumeMounts: [{ name: 'dev', mountPath: '/dev' }],
              },
              { name: 'b', image: 'nginx:latest' },
            ],
          },
        ],
      },
    });
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(w => w.path).sort()).toEqual([
      'spec.services[0].containers[0].image',
      'spec.services[0].containers[0].securityContext.privileged',
      'spec.services[0].containers[1].image',
      'spec.services[0].hostNetwork',
      'spec.services[0].hostPID',
      'spec.services[0].volumes[0].hostPath.path',
    ]);
  });
});
