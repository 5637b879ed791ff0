/**
 * Node 20 has no global WebSocket or EventSource, and MSW's WebSocket interception patches
 * the global class: give it undici's before `server.listen()`. Import this first.
 */
import { EventSource, WebSocket } from 'undici';

const g = globalThis as { WebSocket?: unknown; EventSource?: unknown };
g.WebSocket ??= WebSocket;
g.EventSource ??= EventSource;
