import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { edgeApplicationJsonSchema } from './applicationSchema';

const examples = path.resolve(__dirname, '../../../../examples/applications');

describe('the exported JSON Schema', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
    edgeApplicationJsonSchema(),
  );

  it.each(fs.readdirSync(examples).filter(f => f.endsWith('.yaml')))(
    'accepts the example %s',
    file => {
      const doc = parse(fs.readFileSync(path.join(examples, file), 'utf8'));
      expect(validate(doc) ? [] : validate.errors).toEqual([]);
    },
  );

  it('rejects wrong types, unknown fields and bad names, as editors should show them', () => {
    const doc = {
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'Bad_Name' },
      spec: {
        targets: { nodeGroups: ['a'] },
        services: [
          {
            name: 'web',
            replica: 2,
            replicas: 'two',
            containers: [{ name: 'web', image: 'nginx:1.27' }],
          },
        ],
      },
    };
    expect(validate(doc)).toBe(false);
    const paths = validate.errors!.map(e => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/metadata/name pattern',
        '/spec/services/0 additionalProperties',
        '/spec/services/0/replicas type',
      ]),
    );
  });
});
