import { validateApplication } from '../validation/validateApplication';
import { manifestsFromYamlText } from './manifestsText';

describe('manifestsFromYamlText', () => {
  it('reads a pasted YAML stream into objects, skipping empty documents', () => {
    const { manifests, problems } = manifestsFromYamlText(
      [
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: settings }',
        'data: { MODE: kiosk }',
        '---',
        '# only a comment',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: web }',
        'spec: { selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: "nginx:1.27" }] } } }',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(manifests.map(m => m.kind)).toEqual(['ConfigMap', 'Deployment']);
  });

  it('names the document and line of what does not parse, and what is not an object', () => {
    const { problems } = manifestsFromYamlText(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n- just\n- a list\n---\nkey: [unclosed\n',
    );
    expect(problems.map(p => p.path)).toEqual([
      'spec.manifests',
      'spec.manifests',
    ]);
    expect(problems[0].message).toBe(
      'document 2 is not a Kubernetes object (a mapping with apiVersion, kind and metadata)',
    );
    expect(problems[1].message).toMatch(
      /^document 3, line \d+, column \d+: YAML does not parse/,
    );
  });

  it('gives the model what it refuses with the reason: a Secret with data', () => {
    const { manifests } = manifestsFromYamlText(
      'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\nstringData: { password: hunter2 }\n',
    );
    const result = validateApplication({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'pasted' },
      spec: { targets: { nodeGroups: ['sh-01'] }, manifests },
    });
    expect(result.valid).toBe(false);
    expect(result.errors[0].path).toMatch(/^spec\.manifests\[0\]/);
    expect(result.errors[0].message).toContain(
      'a Secret with data or stringData would put secret values in git',
    );
  });
});
