// The same backend under Express, registered before any body parser (it reads its own bodies).
import express from 'express';
import process from 'node:process';
import { createRunServer, openSqliteStore } from '@run-progress-kit/server';

const store = openSqliteStore({ path: ':memory:' });
const runs = createRunServer({ store, heartbeatMs: 1_000 });
const app = express();
app.use((req, res, next) => runs.handle(req, res, next));
app.use(express.json());
app.get('/', (_req, res) => res.send('the express app'));
const server = app.listen(0, '127.0.0.1', () =>
  console.log(`express on http://127.0.0.1:${server.address().port}/api`),
);
runs.attach(server);

process.on('SIGTERM', async () => {
  await runs.close();
  server.close();
  store.close();
});
