import type { EdgeApplication } from '../../model/types';
import { Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { checkLabels, checkSelector } from './metadata';

/**
 * spec.targets picks node groups by name, by label, or both.
 *
 * @public
 */
export function checkTargets(app: EdgeApplication, p: Problems): void {
  const targets = app.spec?.targets;
  if (!isPlainObject(targets)) return;
  if (targets.nodeGroups === undefined && targets.selector === undefined) {
    p.error(
      'spec.targets',
      'needs nodeGroups (by name) or selector (by label), or both',
    );
  }
  checkSelector(targets.selector, 'spec.targets.selector', p);
  // Keys and values of a node selector are label keys and values on the nodes.
  checkLabels(targets.nodeSelector, 'spec.targets.nodeSelector', p);
}
