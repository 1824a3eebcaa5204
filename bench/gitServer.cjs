// The git smart-HTTP server of the publish benchmark, in its own process as a git host is:
// its CGI spawns must not run on the event loop of the publisher being measured.
// Messages: { create: [names] } → { created }, { requests: true } → { requests: count }; answers
// carry bench: true (the TypeScript loader sends messages of its own on the same channel).
require('@backstage/cli/config/nodeTransform.cjs');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startGitHttpServer } = require('../plugins/edge-gitops-node/src/testUtils');

(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-bench-git-'));
  const server = await startGitHttpServer({ root, username: 'bench', password: 'bench-token' });
  process.on('message', message => {
    if (message?.create) {
      for (const name of message.create) server.createBareRepository(`${name}.git`);
      process.send({ bench: true, created: message.create.length });
    } else if (message?.requests) {
      process.send({ bench: true, requests: server.requests.length });
    }
  });
  process.on('disconnect', () => {
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  });
  process.send({ bench: true, url: server.url });
})();
