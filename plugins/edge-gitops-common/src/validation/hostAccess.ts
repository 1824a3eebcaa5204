import type { EdgeApplication } from '../model/types';
import type { Problem } from './problems';

/**
 * Where an application reaches into its nodes: privileged containers, the host network and
 * host PID. A template that does not allow host access refuses each, at its field.
 *
 * @public
 */
export function hostAccessProblems(app: EdgeApplication): Problem[] {
  const out: Problem[] = [];
  const refuse = (path: string, what: string) =>
    out.push({
      severity: 'error',
      path,
      message: `${what} needs host access, which this template does not allow you`,
    });
  (app.spec.services ?? []).forEach((s, i) => {
    const at = `spec.services[${i}]`;
    if (s.hostNetwork) refuse(`${at}.hostNetwork`, 'the host network');
    if (s.hostPID) refuse(`${at}.hostPID`, 'host PID');
    for (const list of ['initContainers', 'containers'] as const)
      (s[list] ?? []).forEach((c, j) => {
        if (c.securityContext?.privileged)
          refuse(
            `${at}.${list}[${j}].securityContext.privileged`,
            `privileged container ${c.name}`,
          );
      });
  });
  return out;
}
