import type { EdgeApplication } from '../model/types';
import { edgeApplicationSchema } from './applicationSchema';
import { Problems, ValidationResult } from './problems';
import { checkManifests, ValidationOptions } from './rules/manifests';
import {
  checkAnnotations,
  checkImagePullSecrets,
  checkLabels,
} from './rules/metadata';
import { checkOverrides } from './rules/overrides';
import { checkServices } from './rules/services';
import { checkTargets } from './rules/targets';
import { checkSchema, isPlainObject } from './schemaDsl';

/**
 * Validates an EdgeApplication document: every problem at once, each with its field path.
 * Input is whatever the YAML parser produced; nothing is assumed about its shape. First
 * the structure (types, unknown fields, bounds: the schema), then the rules by concern in
 * `rules/`, which read fields defensively since the structure may be wrong.
 *
 * @public
 */
export function validateApplication(
  doc: unknown,
  opts: ValidationOptions = {},
): ValidationResult {
  const p = new Problems();
  if (!isPlainObject(doc)) {
    p.error(
      '',
      'an EdgeApplication must be a YAML mapping with apiVersion, kind, metadata and spec',
    );
    return p.result();
  }
  checkSchema(doc, edgeApplicationSchema, '', p);
  const app = doc as unknown as EdgeApplication;
  checkTargets(app, p);
  checkLabels(app.metadata?.labels, 'metadata.labels', p);
  checkAnnotations(app.metadata?.annotations, 'metadata.annotations', p);
  checkImagePullSecrets(app, p);
  checkServices(app, p);
  checkManifests(app, p, opts);
  checkOverrides(app, p);
  return p.result();
}
