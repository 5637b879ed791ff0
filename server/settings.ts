/**
 * Every setting of the `run-progress-server` command, in one list: its flag, its
 * environment variable, its default and what it means. The CLI parses its arguments from
 * this list and the configuration table of docs/configuration.md is generated from it
 * (`npm run config:docs`; a test fails when the two differ), so no option can exist in
 * one place and not the other.
 *
 * Every flag `--some-name` is also read from the environment variable `RUN_SOME_NAME`; a
 * flag given on the command line wins over the environment.
 * @module
 */
import { DEFAULT_LIMITS, type RunServerLimits } from './config.js';
import {
  DEFAULT_FINISHED_RUN_TTL_MS,
  DEFAULT_IDLE_RUN_TTL_MS,
  DEFAULT_MAX_ACTIVE_RUNS_PER_TENANT,
  DEFAULT_MAX_EVENTS_PER_RUN,
  DEFAULT_SWEEP_INTERVAL_MS,
} from './store/retention.js';

/** How a setting's text is read. */
export type SettingKind = 'integer' | 'string' | 'list' | 'file';

/** One setting of the server command. */
export interface Setting {
  /** The flag without its dashes, e.g. `heartbeat-ms`. */
  readonly flag: string;
  readonly kind: SettingKind;
  /** The default as shown to people (`''` when there is none). */
  readonly default: string;
  /** One sentence on what it does. */
  readonly summary: string;
  /** The section of the table it is listed in. */
  readonly group: SettingGroup;
  /** Other environment variables read when the flag and `RUN_…` are absent (e.g. `PORT`). */
  readonly alsoFrom?: readonly string[];
  /** Where an integer's smallest value is 0 rather than 1. */
  readonly allowZero?: boolean;
}

/** The sections of the configuration table, in order. */
export const SETTING_GROUPS = [
  'Listening',
  'Store',
  'Access',
  'Streams',
  'Shutdown',
  'Observability',
  'Retention',
  'Resource bounds',
] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

/** The environment variable of a flag: `heartbeat-ms` → `RUN_HEARTBEAT_MS`. */
export function envName(flag: string): string {
  return `RUN_${flag.toUpperCase().replace(/-/g, '_')}`;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// One line per limit for the table; the TSDoc of RunServerLimits has the full story.
const LIMIT_SUMMARIES: Record<keyof RunServerLimits, string> = {
  maxBodyBytes: 'Largest request body; larger bodies get 413 unread.',
  maxConnections: 'Most open streams (SSE and WebSocket) at once; more get 503 / close 1013.',
  maxBufferedBytes: 'Most bytes queued for one stream; a reader further behind is cut off and resumes.',
  maxRunsPerRequest: 'Most runs in one `GET /stream` or `GET /poll`.',
  maxSubscriptionsPerSocket: 'Most subscriptions on one WebSocket.',
  authTimeoutMs: 'How long a WebSocket may take to send `auth` when tokens are on.',
  maxConnectionsPerPrincipal: 'Most streams of one tenant and role; more get 429 / close 4429.',
  maxConnectionsPerAddress: 'Most streams from one client address (see `--trust-proxy`).',
  maxUnauthenticatedSockets: 'Most WebSockets waiting to authenticate at once.',
  maxUnauthenticatedSocketsPerAddress: 'Of those, most from one address.',
  maxBufferedBytesPerPrincipal: 'Most bytes queued over all the streams of one principal.',
  catchUpPageBytes: 'Most bytes of stored events in one catch-up page of a stream.',
  maxPageBytes: 'Most bytes of items in one REST answer (events, log tail, list, poll).',
  maxUnsentBytesPerPrincipal: 'Most bytes of REST answers written but not yet taken by one principal.',
};

/** The limit flags, one per field of {@link RunServerLimits} (`maxPageBytes` is `--max-page-bytes`). */
export const LIMIT_SETTINGS: readonly Setting[] = (Object.keys(DEFAULT_LIMITS) as Array<keyof RunServerLimits>).map(
  (name) => ({
    flag: kebab(name),
    kind: 'integer',
    default: String(DEFAULT_LIMITS[name]),
    summary: LIMIT_SUMMARIES[name],
    group: 'Resource bounds',
  }),
);

/** Every setting of the server command. */
export const SETTINGS: readonly Setting[] = [
  {
    flag: 'port',
    kind: 'integer',
    default: '8080',
    allowZero: true,
    alsoFrom: ['PORT'],
    summary: 'Port to listen on; 0 picks a free one.',
    group: 'Listening',
  },
  {
    flag: 'host',
    kind: 'string',
    default: '127.0.0.1',
    summary: 'Interface to listen on; `0.0.0.0` for remote clients.',
    group: 'Listening',
  },
  {
    flag: 'base-path',
    kind: 'string',
    default: '/api',
    summary: 'Path prefix of the API (health and metrics stay at the root).',
    group: 'Listening',
  },
  {
    flag: 'store',
    kind: 'string',
    default: './.data/runs.db',
    summary:
      'SQLite file (`sqlite:PATH` or a path), or `redis://host:port[/db][?prefix=p]` / `rediss://…` for several workers on one Redis, or `redis+sentinel://host:port[,host:port]/primary[/db][?prefix=p]` behind Sentinel.',
    group: 'Store',
  },
  {
    flag: 'redis-command-timeout-ms',
    kind: 'integer',
    default: '5000',
    summary: 'Longest wait for one Redis command before the request gets 503 (Redis stores only).',
    group: 'Store',
  },
  {
    flag: 'redis-connect-timeout-ms',
    kind: 'integer',
    default: '5000',
    summary: 'Longest wait for a TCP connection to Redis (Redis stores only).',
    group: 'Store',
  },
  {
    flag: 'tokens',
    kind: 'file',
    default: '',
    summary:
      'JSON file `{"<token>": {"tenant": "t", "role": "reader"|"producer"}}`; none = open mode (anyone may read and write).',
    group: 'Access',
  },
  {
    flag: 'cors',
    kind: 'list',
    default: '',
    summary: '`*` or comma-separated origins allowed to call from browsers.',
    group: 'Access',
  },
  {
    flag: 'allowed-hosts',
    kind: 'list',
    default: '',
    summary:
      'Host names answered besides loopback names and IP addresses (`.example.com` adds subdomains, `*` any); in open mode other Hosts get 403.',
    group: 'Access',
  },
  {
    flag: 'trust-proxy',
    kind: 'list',
    default: '',
    summary:
      'Proxies whose `X-Forwarded-For`/`-Host`/`-Proto` are believed: a number of hops, or addresses, CIDRs and `loopback`/`linklocal`/`uniquelocal`, comma-separated.',
    group: 'Access',
  },
  {
    flag: 'rate-limit',
    kind: 'integer',
    default: '',
    summary:
      'Requests per second per client (principal, else address); over it 429 with Retry-After; bursts of 2N. Off when absent.',
    group: 'Access',
  },
  {
    flag: 'heartbeat-ms',
    kind: 'integer',
    default: '15000',
    summary: 'Interval of heartbeats on every stream (keep it under your proxy’s read timeout).',
    group: 'Streams',
  },
  {
    flag: 'drain-timeout-ms',
    kind: 'integer',
    default: '10000',
    allowZero: true,
    summary:
      'On SIGTERM/SIGINT, how long requests in flight may take to finish before the rest are cut and the process exits.',
    group: 'Shutdown',
  },
  {
    flag: 'log-level',
    kind: 'string',
    default: 'info',
    summary: 'Least severe level logged: trace, debug, info, warn, error, fatal or silent.',
    group: 'Observability',
  },
  {
    flag: 'log-format',
    kind: 'string',
    default: 'json',
    summary: '`json` (one object per line, for log shippers) or `pretty` (for people).',
    group: 'Observability',
  },
  {
    flag: 'metrics-token',
    kind: 'string',
    default: '',
    summary: 'When set, `GET /metrics` needs `Authorization: Bearer <token>`; otherwise it is open.',
    group: 'Observability',
  },
  {
    flag: 'max-events-per-run',
    kind: 'integer',
    default: String(DEFAULT_MAX_EVENTS_PER_RUN),
    summary: 'Most events kept per run; older ones are trimmed and readers behind them get a reset.',
    group: 'Retention',
  },
  {
    flag: 'finished-run-ttl-ms',
    kind: 'integer',
    default: String(DEFAULT_FINISHED_RUN_TTL_MS),
    allowZero: true,
    summary: 'How long a run is kept after it ended.',
    group: 'Retention',
  },
  {
    flag: 'idle-run-ttl-ms',
    kind: 'integer',
    default: String(DEFAULT_IDLE_RUN_TTL_MS),
    allowZero: true,
    summary: 'How long a run that has not ended is kept after its last event; 0 keeps such runs for ever.',
    group: 'Retention',
  },
  {
    flag: 'max-active-runs-per-tenant',
    kind: 'integer',
    default: String(DEFAULT_MAX_ACTIVE_RUNS_PER_TENANT),
    allowZero: true,
    summary: 'Most runs one tenant may have that have not ended; more are refused with 429 until some end. 0: no cap.',
    group: 'Retention',
  },
  {
    flag: 'max-bytes-per-tenant',
    kind: 'integer',
    default: '0',
    allowZero: true,
    summary: 'Most bytes of stored events over all the runs of one tenant; appends past it get 507. 0: no cap.',
    group: 'Retention',
  },
  {
    flag: 'retention-sweep-ms',
    kind: 'integer',
    default: String(DEFAULT_SWEEP_INTERVAL_MS),
    summary: 'How often the store deletes what retention says should go (Redis: stale list entries).',
    group: 'Retention',
  },
  ...LIMIT_SETTINGS,
];

/** The limit name of a limit flag (`max-page-bytes` → `maxPageBytes`). */
export function limitName(flag: string): keyof RunServerLimits {
  return camel(flag) as keyof RunServerLimits;
}

/** A setting by flag; throws for a flag that is not in {@link SETTINGS} (a bug). */
export function setting(flag: string): Setting {
  const found = SETTINGS.find((s) => s.flag === flag);
  if (!found) throw new Error(`no setting --${flag}`);
  return found;
}
