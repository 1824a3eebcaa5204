/**
 * A web page for a commit of a git location, for the hosts whose URL layout is known.
 * Undefined for local repositories and hosts without a known commit page.
 *
 * @public
 */
export function commitUrl(gitUrl: string, sha: string): string | undefined {
  if (!/^[0-9a-f]{7,40}$/i.test(sha)) return undefined;
  let url: URL;
  try {
    // scp-like "git@host:owner/repo.git" is the same repository over SSH.
    const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(gitUrl);
    url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : gitUrl);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'ssh:'].includes(url.protocol)) return undefined;
  const base = `https://${url.hostname}${url.pathname
    .replace(/\.git\/?$/, '')
    .replace(/\/$/, '')}`;
  if (url.hostname === 'bitbucket.org') return `${base}/commits/${sha}`;
  if (url.pathname.startsWith('/scm/')) {
    // Bitbucket Server: /scm/<project>/<repo>.git
    const [, , project, repo] = url.pathname.replace(/\.git$/, '').split('/');
    return `https://${url.hostname}/projects/${project}/repos/${repo}/commits/${sha}`;
  }
  // GitHub, GitLab, Gitea/Forgejo and Azure DevOps (…/_git/<repo>) share /commit/<sha>.
  if (url.pathname.split('/').filter(Boolean).length >= 2)
    return `${base}/commit/${sha}`;
  return undefined;
}
