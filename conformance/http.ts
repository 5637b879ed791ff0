/**
 * Plain HTTP for checks over the global `fetch`: every response is read fully (so no
 * connection is left half-read) and kept with its status, headers and parsed body.
 * @module
 */
import * as v from 'valibot';
import { PROBLEM_MEDIA_TYPE, ProblemSchema, type Problem } from '../src/contract/index.js';
import { brief, CheckFailure, ensure } from './assert.js';

/** A fully read response. */
export interface HttpResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  body: unknown;
}

/** What {@link request} sends. */
export interface RequestInit {
  /** A JSON value to send as `application/json`. */
  json?: unknown;
  /** A raw body, sent as given with the headers given. */
  raw?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request and reads the whole answer. Network errors become check failures. */
export async function request(method: string, url: string, init: RequestInit = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, signal: init.signal, redirect: 'manual' });
  } catch (error) {
    throw new CheckFailure(`${method} ${url} failed: ${describeError(error)}`);
  }
  const text = await res.text();
  return { method, url, status: res.status, headers: res.headers, text, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The message of an error and of its causes (fetch hides the socket error in `cause`). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ');
}

/** `METHOD path` for messages. */
export function label(res: HttpResponse): string {
  return `${res.method} ${new URL(res.url).pathname}${new URL(res.url).search}`;
}

/** Fails unless the response has `status`. */
export function ensureStatus(res: HttpResponse, status: number): void {
  ensure(res.status === status, `${label(res)} answered ${res.status}, expected ${status}: ${brief(res.text, 200)}`);
}

/** Parses a body against a schema, failing with the first issue and where it is. */
export function parseBody<S extends v.GenericSchema>(schema: S, res: HttpResponse, what: string): v.InferOutput<S> {
  if (res.body === undefined) throw new CheckFailure(`${label(res)}: ${what} is not JSON: ${brief(res.text, 200)}`);
  return parseValue(schema, res.body, `${label(res)}: ${what}`);
}

/** Parses a value against a schema, failing with the first issue and where it is. */
export function parseValue<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '(root)';
  throw new CheckFailure(`${what} does not fit the contract at ${path}: ${issue.message}; got ${brief(value)}`);
}

/**
 * Fails unless the response is an RFC 9457 problem with `status`: the problem media type,
 * a `type` and `title`, and a `status` member equal to the HTTP status.
 */
export function ensureProblem(res: HttpResponse, status: number): Problem {
  ensureStatus(res, status);
  const type = res.headers.get('content-type') ?? '';
  ensure(
    type.split(';')[0]?.trim().toLowerCase() === PROBLEM_MEDIA_TYPE,
    `${label(res)}: content type is ${JSON.stringify(type)}, expected ${PROBLEM_MEDIA_TYPE}`,
  );
  const problem = parseBody(ProblemSchema, res, 'problem body');
  ensure(problem.status === status, `${label(res)}: problem status is ${problem.status}, expected ${status}`);
  ensure(problem.title.length > 0, `${label(res)}: problem title is empty`);
  ensure(problem.type.length > 0, `${label(res)}: problem type is empty`);
  return problem;
}
