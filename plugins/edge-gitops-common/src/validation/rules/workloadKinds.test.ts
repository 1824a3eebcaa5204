import { WORKLOAD_KINDS } from '../../model/types';
import { found } from './testing';
import { checkWorkloadKind, KIND_FIELDS } from './workloadKinds';

describe('workload kind rules', () => {
  it('refuses every kind-specific field on the kinds the table does not list', () => {
    for (const [field, rule] of Object.entries(KIND_FIELDS)) {
      for (const kind of WORKLOAD_KINDS) {
        const service = {
          [field]: field === 'cronJob' ? { schedule: '* * * * *' } : 1,
        } as any;
        const problems = found(p =>
          checkWorkloadKind(service, kind, 's', p),
        ).filter(m => m.startsWith(`error s.${field}:`));
        expect(problems).toEqual(
          rule!.kinds.includes(kind)
            ? []
            : [`error s.${field}: ${rule!.refuse(kind)}`],
        );
      }
    }
  });

  it('says why replicas do not fit a DaemonSet or a Job', () => {
    expect(
      found(p =>
        checkWorkloadKind({ replicas: 2 } as any, 'DaemonSet', 's', p),
      ),
    ).toEqual([
      'error s.replicas: is for Deployments only; a DaemonSet runs one pod per matching node',
    ]);
    expect(
      found(p => checkWorkloadKind({ replicas: 2 } as any, 'Job', 's', p)),
    ).toEqual([
      'error s.replicas: is for Deployments only; a Job uses job.completions and job.parallelism',
    ]);
  });

  it('checks restart policies and update strategies against the kind', () => {
    expect(
      found(p =>
        checkWorkloadKind({ restartPolicy: 'Always' } as any, 'Job', 's', p),
      ),
    ).toEqual([
      'error s.restartPolicy: a Job needs OnFailure or Never, not Always',
    ]);
    expect(
      found(p =>
        checkWorkloadKind(
          { restartPolicy: 'Never' } as any,
          'Deployment',
          's',
          p,
        ),
      ),
    ).toEqual([
      'error s.restartPolicy: a Deployment only supports Always, got Never',
    ]);
    expect(
      found(p =>
        checkWorkloadKind(
          { updateStrategy: { type: 'OnDelete' } } as any,
          'Deployment',
          's',
          p,
        ),
      ),
    ).toEqual([
      'error s.updateStrategy.type: a Deployment supports RollingUpdate or Recreate, not OnDelete',
    ]);
    expect(
      found(p =>
        checkWorkloadKind(
          { updateStrategy: { type: 'Recreate', maxSurge: 1 } } as any,
          'Deployment',
          's',
          p,
        ),
      ),
    ).toEqual([
      'error s.updateStrategy: maxSurge and maxUnavailable apply to RollingUpdate only, not Recreate',
    ]);
    expect(
      found(p =>
        checkWorkloadKind({ updateStrategy: {} } as any, 'CronJob', 's', p),
      ),
    ).toContain('error s.updateStrategy: a CronJob has no update strategy');
  });

  it('needs a parsable schedule on a CronJob and warns when parallelism exceeds completions', () => {
    expect(found(p => checkWorkloadKind({} as any, 'CronJob', 's', p))).toEqual(
      ['error s.cronJob: is required for a CronJob: at least cronJob.schedule'],
    );
    expect(
      found(p =>
        checkWorkloadKind(
          { cronJob: { schedule: '61 * * * *' } } as any,
          'CronJob',
          's',
          p,
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^error s\.cronJob\.schedule: "61 \* \* \* \*" /),
    ]);
    expect(
      found(p =>
        checkWorkloadKind(
          { job: { parallelism: 4, completions: 2 } } as any,
          'Job',
          's',
          p,
        ),
      ),
    ).toEqual([
      'warning s.job.parallelism: is above completions (2); only 2 pods will run at once',
    ]);
  });
});
