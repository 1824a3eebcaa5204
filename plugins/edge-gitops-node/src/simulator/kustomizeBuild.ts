import { parse, parseAllDocuments } from 'yaml';
import { CLUSTER_SCOPED_KINDS } from '@edge-gitops/plugin-edge-gitops-common';
import type { KubeObject } from './kubeApi/objectStore';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const join = (dir: string, entry: string): string => {
  const parts: string[] = dir ? dir.split('/') : [];
  for (const part of entry.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length)
        throw new Error(`"${entry}" leaves the node group's folder`);
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
};

function parseManifests(file: string, text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const value = doc.toJSON();
    if (value === null || value === undefined) continue;
    if (
      typeof value !== 'object' ||
      typeof value.apiVersion !== 'string' ||
      typeof value.kind !== 'string' ||
      typeof value.metadata?.name !== 'string'
    )
      throw new Error(
        `${file}: a document without apiVersion, kind and metadata.name`,
      );
    objects.push(value as KubeObject);
  }
  return objects;
}

/**
 * What `kustomize build` makes of a node group's folder, for the kustomizations
 * edge-gitops writes and the common hand-written ones: `resources` (files and folders with
 * their own kustomization), `namespace`, and `commonLabels`/`labels`. A folder without a
 * kustomization takes every manifest under it, as Flux generates one. Pure: files in,
 * objects out; an error names the file.
 */
export function kustomizeBuild(
  files: ReadonlyMap<string, string>,
): KubeObject[] {
  const objects: KubeObject[] = [];
  const ids = new Set<string>();
  const build = (dir: string, depth: number): KubeObject[] => {
    if (depth > 20) throw new Error(`${dir}: kustomizations nest too deep`);
    const kfile = KUSTOMIZATION_FILES.map(f => (dir ? `${dir}/${f}` : f)).find(
      f => files.has(f),
    );
    if (!kfile) {
      const prefix = dir ? `${dir}/` : '';
      return [...files.keys()]
        .filter(f => f.startsWith(prefix))
        .sort()
        .flatMap(f => parseManifests(f, files.get(f)!));
    }
    let k: any;
    try {
      k = parse(files.get(kfile)!) ?? {};
    } catch (e) {
      throw new Error(`${kfile}: ${(e as Error).message}`);
    }
    const out: KubeObject[] = [];
    for (const entry of k.resources ?? []) {
      if (typeof entry !== 'string')
        throw new Error(`${kfile}: resources must be a list of paths`);
      if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/'))
        throw new Error(`${kfile}: remote resource ${entry} is not supported`);
      let target: string;
      try {
        target = join(dir, entry);
      } catch (e) {
        throw new Error(`${kfile}: ${(e as Error).message}`);
      }
      if (files.has(target))
        out.push(...parseManifests(target, files.get(target)!));
      else if ([...files.keys()].some(f => f.startsWith(`${target}/`)))
        out.push(...build(target, depth + 1));
      else throw new Error(`${kfile}: resource ${entry} not found`);
    }
    const labels = { ...(k.commonLabels ?? {}) };
    for (const l of k.labels ?? []) Object.assign(labels, l.pairs ?? {});
    for (const o of out) {
      if (k.namespace && !CLUSTER_SCOPED_KINDS.has(o.kind))
        o.metadata.namespace = k.namespace;
      if (Object.keys(labels).length)
        o.metadata.labels = { ...(o.metadata.labels ?? {}), ...labels };
    }
    return out;
  };
  for (const o of build('', 0)) {
    const id = `${o.apiVersion.split('/').slice(0, -1).join('/')}/${o.kind}/${
      o.metadata.namespace ?? ''
    }/${o.metadata.name}`;
    if (ids.has(id))
      throw new Error(`${o.kind} ${o.metadata.name} is defined twice`);
    ids.add(id);
    objects.push(o);
  }
  return objects;
}
