/** The mock backend in a browser: `await worker.start()` (needs `mockServiceWorker.js` served). */
import { setupWorker } from 'msw/browser';
import { defaultHandlers } from './defaults.js';

/** An MSW worker with the default handlers (every scenario under `/api`). */
export const worker = setupWorker(...defaultHandlers('/api'));
