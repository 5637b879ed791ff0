/**
 * The REST endpoints of docs/contract.md: list, create, snapshot, events page, log tail
 * and append. Each handler either answers or throws an {@link HttpProblem}.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CreateRunInputSchema,
  MAX_PAGE,
  ProblemType,
  RUN_STATUSES,
  validate,
  validateAppendBody,
  type EventPage,
  type LogTail,
  type RunStatus,
} from '../../src/contract/index.js';
import { mayWrite, type AccessPolicy } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import type { ResolvedOptions } from '../config.js';
import type { StoredRun } from '../store/run-store.js';
import { readJsonBody, requireJson } from './body.js';
import { HttpProblem, problem, runNotFound, sendJson, sendJsonText, ServerProblemType } from '../shared/problem.js';
import { intParam } from './query.js';
import { etagOf, matchesIfNoneMatch, type SnapshotView } from './snapshot-view.js';
import type { UnsentBytes } from './unsent-bytes.js';

/** One request, authenticated. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  principal: Principal;
}

/** The REST handlers of one server. */
export class RestRoutes {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly access: AccessPolicy,
    private readonly view: SnapshotView,
    private readonly runUrl: (runId: string) => string,
    private readonly unsent: UnsentBytes,
  ) {}

  /** `GET /runs?status=&limit=&cursor=` */
  async list(ctx: RouteContext): Promise<void> {
    const { query, principal } = ctx;
    if (!(await this.access.canList(principal))) throw forbidden('This token may not list runs.');
    const status = query.get('status') ?? undefined;
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw malformed(`status must be one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(status.slice(0, 50))}.`);
    }
    const limit = intParam(query, 'limit', { min: 1, max: 100, fallback: 20 });
    const cursor = query.get('cursor') ?? undefined;
    const page = await this.options.store.listRuns({
      tenant: principal.tenant,
      status: status as RunStatus | undefined,
      limit,
      cursor,
      maxBytes: this.options.limits.maxPageBytes,
    });
    this.#sendRead(ctx, page.next === undefined ? { runs: page.runs } : { runs: page.runs, next: page.next });
  }

  /** `POST /runs` */
  async create({ req, res, principal }: RouteContext): Promise<void> {
    if (!mayWrite(principal)) throw forbidden('A reader token cannot create runs.');
    const body = await this.#body(req);
    const input = validate(CreateRunInputSchema, body);
    if (!input.ok) throw invalid(input.issues);
    if (!(await this.access.canCreate(principal))) throw forbidden('This token may not create runs.');
    const id = input.value.id ?? randomUUID();
    const created = await this.options.store.createRun(principal.tenant, { ...input.value, id }, this.options.now());
    if (created === 'exists')
      throw new HttpProblem(problem(409, ProblemType.Conflict, `A run ${JSON.stringify(id)} already exists.`));
    if (created === 'tenant-full')
      throw new HttpProblem(
        problem(429, ProblemType.RateLimited, 'This tenant has as many unfinished runs as it may; end some first.'),
        { 'Retry-After': '60' },
      );
    sendJson(res, 201, await this.view.decorate(created, principal.tenant), { Location: this.runUrl(id) });
  }

  /** `GET /runs/{id}`: the snapshot, with ETag and 304. */
  async snapshot({ req, res, principal }: RouteContext, runId: string): Promise<void> {
    const run = await this.#readable(principal, runId);
    const snapshot = await this.view.decorate(run.snapshot, run.tenant);
    const text = JSON.stringify(snapshot);
    const etag = etagOf(snapshot, text);
    // `no-cache` lets caches keep the body but revalidate every time: cheap with the ETag.
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    this.unsent.hold(req, res, principal, Buffer.byteLength(text));
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  /**
   * `GET /runs/{id}/events?after=&limit=`: 410 when trimmed, 409 when ahead. A page ends
   * early at `limits.maxPageBytes` (one larger event comes alone); the client continues
   * after its last seq, as it does for any page that stops short of `lastSeq`.
   */
  async events(ctx: RouteContext, runId: string): Promise<void> {
    const { query, principal } = ctx;
    const after = intParam(query, 'after', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
    const limit = intParam(query, 'limit', { min: 1, max: MAX_PAGE, fallback: MAX_PAGE });
    await this.#readable(principal, runId);
    const page = await this.options.store.readEvents(runId, after, limit, {
      maxBytes: this.options.limits.maxPageBytes,
    });
    if (!page) throw new HttpProblem(runNotFound(runId));
    if (after > page.lastSeq) {
      throw new HttpProblem(
        problem(
          409,
          ProblemType.CursorAhead,
          `after=${after} is past the run's last seq ${page.lastSeq}; reload the snapshot.`,
        ),
      );
    }
    if (after < page.firstSeq - 1) {
      const detail = `Events up to seq ${page.firstSeq - 1} are no longer kept; reload the snapshot.`;
      throw new HttpProblem(problem(410, ProblemType.HistoryTrimmed, detail, { firstSeq: page.firstSeq }));
    }
    const body: EventPage = {
      runId,
      events: page.events,
      firstSeq: page.firstSeq,
      lastSeq: page.lastSeq,
      status: page.status,
    };
    this.#sendRead(ctx, body);
  }

  /** `GET /runs/{id}/logs?tail=N`: the newest lines that fit in `limits.maxPageBytes` (at least one). */
  async logs(ctx: RouteContext, runId: string): Promise<void> {
    const { query, principal } = ctx;
    const tail = intParam(query, 'tail', { min: 0, max: MAX_PAGE, fallback: 200 });
    // The seq is read before the lines: a line newer than it can be repeated by a client
    // that tails from it (seqs deduplicate), but nothing between can be skipped.
    const run = await this.#readable(principal, runId);
    const lines =
      tail === 0
        ? []
        : await this.options.store.readLogTail(runId, tail, { maxBytes: this.options.limits.maxPageBytes });
    if (!lines) throw new HttpProblem(runNotFound(runId));
    const body: LogTail = { runId, lines, lastSeq: run.snapshot.seq };
    this.#sendRead(ctx, body);
  }

  /** `POST /runs/{id}/events`: one event or a batch, idempotent with `Idempotency-Key`. */
  async append({ req, res, principal }: RouteContext, runId: string): Promise<void> {
    if (!mayWrite(principal)) throw forbidden('A reader token cannot append events.');
    const key = idempotencyKey(req);
    const body = await this.#body(req);
    // The clock bounds producer times (see MAX_TIME_AHEAD_MS in the contract's limits).
    const events = validateAppendBody(body, { now: this.options.now() });
    if (!events.ok) throw invalid(events.issues);
    const run = await this.options.store.getRun(runId);
    if (!run || !(await this.access.canRead(principal, run))) throw new HttpProblem(runNotFound(runId));
    if (!(await this.access.canAppend(principal, run))) throw forbidden('This token may not append to this run.');
    const started = performance.now();
    const outcome = await this.options.store.append(runId, events.value, {
      idempotencyKey: key,
      now: this.options.now(),
    });
    const seconds = (performance.now() - started) / 1000;
    this.options.metrics?.appended(outcome.ok ? (outcome.result.replayed ? 'replayed' : 'stored') : 'refused', seconds);
    if (outcome.ok) return sendJson(res, 201, outcome.result);
    if (outcome.reason === 'not-found') throw new HttpProblem(runNotFound(runId));
    if (outcome.reason === 'tenant-full')
      throw new HttpProblem(problem(507, ServerProblemType.StoreFull, outcome.detail), { 'Retry-After': '60' });
    const type = outcome.reason === 'ended' ? ProblemType.RunEnded : ProblemType.Conflict;
    throw new HttpProblem(problem(409, type, outcome.detail));
  }

  /** Sends the answer to a read, its bytes counted against the principal until the client takes them. */
  #sendRead({ req, res, principal }: RouteContext, body: unknown): void {
    const text = JSON.stringify(body);
    this.unsent.hold(req, res, principal, Buffer.byteLength(text));
    sendJsonText(res, 200, text);
  }

  async #readable(principal: Principal, runId: string): Promise<StoredRun> {
    const run = await this.options.store.getRun(runId);
    if (!run || !(await this.access.canRead(principal, run))) throw new HttpProblem(runNotFound(runId));
    return run;
  }

  #body(req: IncomingMessage): Promise<unknown> {
    requireJson(req);
    return readJsonBody(req, this.options.limits.maxBodyBytes);
  }
}

function idempotencyKey(req: IncomingMessage): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw malformed('Idempotency-Key must be 1-200 visible ASCII characters.');
  }
  return raw;
}

function malformed(detail: string): HttpProblem {
  return new HttpProblem(problem(400, ProblemType.Malformed, detail));
}

function forbidden(detail: string): HttpProblem {
  return new HttpProblem(problem(403, ProblemType.Forbidden, detail));
}

function invalid(errors: Array<{ pointer: string; message: string }>): HttpProblem {
  return new HttpProblem(
    problem(422, ProblemType.Validation, 'The body does not fit the contract; see errors.', { errors }),
  );
}
