import { formatProblem, loadApplications } from '../files';
import type { Io } from '../io';

/** edge-gitops validate FILE... [--json] */
export function validateCommand(
  files: string[],
  opts: { json: boolean; allowClusterScoped?: boolean },
  io: Io,
): number {
  const docs = files.flatMap(f =>
    loadApplications(f, { allowClusterScoped: opts.allowClusterScoped }),
  );
  const failed = docs.some(d => d.problems.some(p => p.severity === 'error'));
  if (opts.json) {
    io.out(
      JSON.stringify(
        docs.flatMap(d =>
          d.problems.map(p => ({ file: d.file, document: d.index, ...p })),
        ),
        null,
        2,
      ),
    );
  } else {
    for (const d of docs)
      for (const p of d.problems) io.out(formatProblem(d.file, p, d.index));
    if (!failed)
      io.err(
        `${docs.length} EdgeApplication${docs.length === 1 ? '' : 's'} valid`,
      );
  }
  return failed ? 1 : 0;
}
