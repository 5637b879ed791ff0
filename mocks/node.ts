/** The mock backend for Node tests: `server.listen()` in a setup file. */
import { setupServer } from 'msw/node';
import { defaultHandlers } from './defaults.js';

/** An MSW server with the default handlers (every scenario at `http://localhost/api`). */
export const server = setupServer(...defaultHandlers('http://localhost/api'));
