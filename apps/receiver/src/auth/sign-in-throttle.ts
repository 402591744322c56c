import { isIPv6 } from 'node:net';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '@ghl-payments/core';

/** Wrong admin tokens accepted from one client address per window; past that, every token attempt from it gets 429. */
export const SIGN_IN_FAILURES_ALLOWED = 10;
export const SIGN_IN_WINDOW_MS = 60_000;

export interface SignInThrottleOptions {
  failures?: number;
  windowMs?: number;
  /** Where refused and throttled attempts are recorded (warn); nothing is logged without one. */
  logger?: Logger;
}

/** Where a token was tried: shown in the log. */
export type SignInRoute = '/admin/login' | '/admin/login/code' | '/api' | '/metrics';

/**
 * Counts wrong admin tokens per client address (`req.ip`: the socket's address, or X-Forwarded-For's when TRUST_PROXY
 * trusts the proxy) in fixed windows, in this process's memory: each receiver process counts its own. IPv6 clients are
 * counted per /64, the block one client usually holds. Blocked addresses are refused even with the right token, so a
 * guess cannot be confirmed while blocked.
 */
export function createSignInThrottle(options: SignInThrottleOptions = {}) {
  const failures = options.failures ?? SIGN_IN_FAILURES_ALLOWED;
  const windowSeconds = (options.windowMs ?? SIGN_IN_WINDOW_MS) / 1000;
  const counted = new RateLimiterMemory({ points: failures, duration: windowSeconds });
  // One log line per address and window for the throttled attempts: a flood must not flood the log (and rotate away
  // the lines that show it began).
  const announced = new RateLimiterMemory({ points: 1, duration: windowSeconds });
  const logger = options.logger;

  return {
    /**
     * True when the request's address may try a token now. Otherwise answers the status line (429, Retry-After,
     * no-store) and returns false: the caller sends the body (JSON or a page).
     */
    async admit(req: Request, res: Response, route: SignInRoute): Promise<boolean> {
      const key = clientKey(req.ip);
      const state = await counted.get(key);
      if (!state || state.consumedPoints < failures) return true;
      const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      res.status(429).set('Retry-After', String(retryAfter)).set('Cache-Control', 'no-store');
      if (logger && await announced.consume(key).then(() => true, () => false)) {
        logger.warn('operator sign-in throttled: too many wrong admin tokens from this address', { ip: req.ip, route, outcome: 'throttled', retry_after_s: retryAfter });
      }
      return false;
    },

    /** Counts a wrong token from the request's address and records it (address and route; never the token). */
    async recordFailure(req: Request, route: SignInRoute): Promise<void> {
      const state = await counted.consume(clientKey(req.ip)).catch((err: unknown) => {
        if (err instanceof RateLimiterRes) return err; // already over: still blocked, nothing more to count
        throw err;
      });
      logger?.warn('operator sign-in refused: wrong admin token', { ip: req.ip, route, outcome: 'wrong_token', failures: state.consumedPoints });
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

/** The counting key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix. */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
