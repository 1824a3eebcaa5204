import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { applicationComponent } from './applicationComponent';

const examples = path.resolve(__dirname, '../../../examples');

describe('applicationComponent', () => {
  it('is the Component edge-gitops:register writes, with the application annotation', () => {
    expect(applicationComponent({ name: 'web' })).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'web',
        annotations: { 'edge-gitops.io/application': 'web' },
        tags: ['edge'],
      },
      spec: {
        type: 'edge-application',
        lifecycle: 'production',
        owner: 'group:platform',
      },
    });
  });

  it('registers every sample application of examples/ in the catalog', () => {
    const registered = parseAllDocuments(
      fs.readFileSync(
        path.join(examples, 'application-components.yaml'),
        'utf8',
      ),
    ).map(d => d.toJS());
    const samples = fs
      .readdirSync(path.join(examples, 'applications'))
      .sort()
      .map(f =>
        parse(fs.readFileSync(path.join(examples, 'applications', f), 'utf8')),
      );
    expect(registered).toEqual(
      samples.map(s =>
        applicationComponent({
          name: s.metadata.name,
          description: s.metadata.description,
        }),
      ),
    );
  });
});
