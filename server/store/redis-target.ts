/**
 * Where the Redis store connects: one Redis URL, or a set of Sentinels and the name of
 * the primary they watch, so a failover moves the store to the new primary by itself
 * (ioredis asks the Sentinels). The Sentinel form is
 * `redis+sentinel://[user:password@]host:port[,host:port…]/primary-name[/db][?prefix=p]`
 * (`rediss+sentinel://` for TLS to the primary): the WHATWG URL parser refuses a list of
 * hosts, so it is parsed here.
 * @module
 */
import type { RedisOptions } from 'ioredis';

/** A Redis URL as ioredis takes it, or the options of a Sentinel-watched primary. */
export type RedisTarget = string | RedisOptions;

const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^@/]*)@)?([^/?]+)\/([^/?]+)(?:\/(\d+))?\/?(?:\?.*)?$/i;

/** Whether `spec` names Sentinels (`redis+sentinel://…`). */
export function isSentinelSpec(spec: string): boolean {
  return /^rediss?\+sentinel:\/\//i.test(spec.trim());
}

/** The target of `url`; throws a TypeError naming what is wrong with a Sentinel URL. */
export function redisTarget(url: string): RedisTarget {
  if (!isSentinelSpec(url)) return url;
  const match = SENTINEL.exec(url.trim());
  if (!match) throw new TypeError('expected redis+sentinel://[user:password@]host:port[,host:port…]/primary-name[/db]');
  const [, scheme, auth, hosts, name, db] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
    string | undefined,
  ];
  const sentinels = hosts.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    const host = (at === -1 ? entry : entry.slice(0, at)).replace(/^\[|\]$/g, '');
    const port = at === -1 ? 26379 : Number(entry.slice(at + 1));
    if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new TypeError(`not a sentinel host:port: ${JSON.stringify(entry)}`);
    return { host, port };
  });
  const [user, password] = auth === undefined ? [] : auth.split(':', 2).map((part) => decodeURIComponent(part));
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(db === undefined ? {} : { db: Number(db) }),
    ...(user ? { username: user } : {}),
    ...(password ? { password } : {}),
    ...(scheme.toLowerCase() === 'rediss' ? { tls: {} } : {}),
  };
}

/** `url` with its password hidden, for logs and errors. */
export function redactTarget(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
