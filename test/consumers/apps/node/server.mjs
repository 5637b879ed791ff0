// The reference backend mounted into an app's own node:http server, as the server
// package's README shows: the store factory, createRunServer, handle + attach.
import http from 'node:http';
import process from 'node:process';
import { createRunServer, openSqliteStore } from '@run-progress-kit/server';

const store = openSqliteStore({ path: process.env.STORE ?? ':memory:' });
const runs = createRunServer({ store, cors: { origins: '*' }, heartbeatMs: 1_000 });
const server = http.createServer((req, res) =>
  runs.handle(req, res, () => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('the app itself');
  }),
);
runs.attach(server);
server.listen(0, '127.0.0.1', () => console.log(`mounted on http://127.0.0.1:${server.address().port}/api`));

process.on('SIGTERM', async () => {
  await runs.close();
  server.close();
  store.close();
});
