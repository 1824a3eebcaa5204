#!/usr/bin/env node
// Writes plugins/edge-gitops-common/src/validation/kubernetes/kubernetesSchema.json: the
// fields and field types of every built-in Kubernetes object, taken from the models
// @kubernetes/client-node is generated from (the Kubernetes OpenAPI of its release). Common
// must stay pure and light, so it holds this table instead of depending on the client.
// Run it after upgrading @kubernetes/client-node: node scripts/generate-kubernetes-schema.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as k8s from '@kubernetes/client-node';

const require = createRequire(import.meta.url);
const clientVersion = require('@kubernetes/client-node/package.json').version;

const models = new Map();
for (const [name, value] of Object.entries(k8s)) {
  if (typeof value === 'function' && Array.isArray(value.attributeTypeMap))
    models.set(name, value.attributeTypeMap);
}

// Field types, compact: a model name, a scalar, "[]T" for lists, "{}T" for maps.
const scalar = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  Date: 'string',
  any: 'any',
  IntOrString: 'intOrString',
  object: 'any',
};
function encode(type) {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return `[]${encode(list[1])}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `{}${encode(map[1])}`;
  if (scalar[type]) return scalar[type];
  if (models.has(type)) return type;
  return 'any';
}

// Objects people write: models with apiVersion, kind and metadata.
const roots = [...models.keys()].filter(name => {
  const fields = new Set(models.get(name).map(a => a.baseName));
  return (
    fields.has('apiVersion') &&
    fields.has('kind') &&
    fields.has('metadata') &&
    !name.endsWith('List')
  );
});

const types = {};
const visit = name => {
  if (types[name] || !models.has(name)) return;
  types[name] = {};
  for (const a of models.get(name)) {
    const t = encode(a.type);
    types[name][a.baseName] = t;
    visit(t.replace(/^(\[\]|\{\})+/, ''));
  }
};
roots.forEach(visit);

const out = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../plugins/edge-gitops-common/src/validation/kubernetes/kubernetesSchema.json',
);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  `${JSON.stringify({ source: `@kubernetes/client-node ${clientVersion}`, roots: roots.sort(), types })}\n`,
);
console.log(`${out}: ${roots.length} kinds, ${Object.keys(types).length} types, ${fs.statSync(out).size} bytes`);
