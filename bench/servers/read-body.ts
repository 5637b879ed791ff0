/**
 * Reads a small JSON request body for the baseline servers' `POST /publish`.
 * @module
 */
import type { IncomingMessage } from 'node:http';

/** The producer's batch: the same log events the reference backend gets. */
export interface PublishBody {
  events: { type: 'log'; level: 'info'; text: string }[];
}

/** Resolves the parsed body (the producer is ours, so no schema check beyond shape). */
export async function readPublish(req: IncomingMessage): Promise<PublishBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PublishBody;
  if (!Array.isArray(body.events)) throw new Error('publish body needs events[]');
  return body;
}
