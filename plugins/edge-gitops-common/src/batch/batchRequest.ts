import { validateApplication } from '../validation/validateApplication';
import { Problems, type Problem } from '../validation/problems';
import type { EdgeApplication } from '../model/types';
import type { BatchJobOptions, CountOrPercent } from './types';

/** Defaults of a job's options: one canary, then waves of a quarter of the node groups. @public */
export const DEFAULT_BATCH_OPTIONS: BatchJobOptions = {
  waves: { canary: 1, size: '25%', waitSeconds: 0 },
  maxUnavailable: 0,
  waveTimeoutSeconds: 600,
  soakSeconds: 30,
  unreachable: 'fail',
};

/** A job's request, checked: the application and every option with its default. @public */
export interface ParsedBatchJobRequest {
  application: EdgeApplication;
  options: BatchJobOptions;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function countOrPercent(
  problems: Problems,
  path: string,
  value: unknown,
  fallback: CountOrPercent,
  min: number,
): CountOrPercent {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min)
    return value;
  if (typeof value === 'string' && /^\d{1,3}(\.\d+)?%$/.test(value)) {
    const pct = parseFloat(value);
    if (pct > (min > 0 ? 0 : -1) && pct <= 100) return value as `${number}%`;
  }
  problems.error(
    path,
    `must be a whole number of node groups (at least ${min}) or a percentage such as "25%"`,
  );
  return fallback;
}

function seconds(
  problems: Problems,
  path: string,
  value: unknown,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= max
  )
    return value;
  problems.error(path, `must be a whole number of seconds from 0 to ${max}`);
  return fallback;
}

/**
 * Checks the body of `POST /batch-jobs` (untrusted): every problem names its field, and the
 * application gets the same validation as publishing (paths prefixed with `application.`).
 *
 * @public
 */
export function parseBatchJobRequest(
  body: unknown,
): { value: ParsedBatchJobRequest; problems: [] } | { problems: Problem[] } {
  const problems = new Problems();
  if (!isObject(body)) {
    problems.error('', 'the request body must be a JSON object');
    return { problems: problems.list };
  }
  const known = new Set([
    'application',
    'waves',
    'maxUnavailable',
    'waveTimeoutSeconds',
    'soakSeconds',
    'unreachable',
  ]);
  for (const key of Object.keys(body))
    if (!known.has(key))
      problems.error(key, `unknown field (known: ${[...known].join(', ')})`);

  const app = body.application;
  if (!isObject(app)) {
    problems.error(
      'application',
      'is required: the EdgeApplication to roll out, as JSON',
    );
  } else {
    for (const p of validateApplication(app).errors)
      problems.error(
        p.path ? `application.${p.path}` : 'application',
        p.message,
      );
  }

  const d = DEFAULT_BATCH_OPTIONS;
  const waves = body.waves ?? {};
  if (!isObject(waves)) problems.error('waves', 'must be an object');
  const w = isObject(waves) ? waves : {};
  for (const key of Object.keys(w))
    if (!['canary', 'size', 'waitSeconds'].includes(key))
      problems.error(
        `waves.${key}`,
        'unknown field (known: canary, size, waitSeconds)',
      );
  const canary = w.canary ?? d.waves.canary;
  if (typeof canary !== 'number' || !Number.isInteger(canary) || canary < 0)
    problems.error(
      'waves.canary',
      'must be a whole number of node groups (0 for no canary wave)',
    );
  const options: BatchJobOptions = {
    waves: {
      canary: typeof canary === 'number' ? canary : d.waves.canary,
      size: countOrPercent(problems, 'waves.size', w.size, d.waves.size, 1),
      waitSeconds: seconds(
        problems,
        'waves.waitSeconds',
        w.waitSeconds,
        d.waves.waitSeconds,
        86_400,
      ),
    },
    maxUnavailable: countOrPercent(
      problems,
      'maxUnavailable',
      body.maxUnavailable,
      d.maxUnavailable,
      0,
    ),
    waveTimeoutSeconds: seconds(
      problems,
      'waveTimeoutSeconds',
      body.waveTimeoutSeconds,
      d.waveTimeoutSeconds,
      86_400,
    ),
    soakSeconds: seconds(
      problems,
      'soakSeconds',
      body.soakSeconds,
      d.soakSeconds,
      86_400,
    ),
    unreachable: d.unreachable,
  };
  if (options.waveTimeoutSeconds === 0)
    problems.error('waveTimeoutSeconds', 'must be at least 1 second');
  if (body.unreachable !== undefined) {
    if (body.unreachable === 'fail' || body.unreachable === 'defer')
      options.unreachable = body.unreachable;
    else problems.error('unreachable', 'must be "fail" or "defer"');
  }
  if (problems.list.length) return { problems: problems.list };
  return {
    value: { application: app as unknown as EdgeApplication, options },
    problems: [],
  };
}
