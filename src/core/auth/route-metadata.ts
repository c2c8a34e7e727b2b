import { Reflector } from '@nestjs/core';

type Targets = Parameters<Reflector['getAllAndOverride']>[1];

/**
 * A Reflector that remembers getAllAndOverride answers per route: decorator metadata is fixed once the app is built,
 * and the guards read 2 (auth) + 5 per throttler (rate limit) keys on every request — reflect-metadata walks were ~2%
 * of a profile of GET /health.
 */
export class RouteMetadata extends Reflector {
  private readonly memo = new WeakMap<object, WeakMap<object, Map<string, unknown>>>();

  override getAllAndOverride<T = unknown>(key: unknown, targets: Targets): T {
    const [handler, classRef] = targets;
    // Only the guards' shape (handler, class) is memoised; anything else asks reflect-metadata as before.
    if (targets.length !== 2 || typeof key !== 'string' || !handler || !classRef)
      return super.getAllAndOverride(key as string, targets) as T;
    let perHandler = this.memo.get(handler);
    if (!perHandler) this.memo.set(handler, (perHandler = new WeakMap()));
    let perRoute = perHandler.get(classRef);
    if (!perRoute) perHandler.set(classRef, (perRoute = new Map()));
    if (perRoute.has(key)) return perRoute.get(key) as T;
    const value = super.getAllAndOverride(key, targets) as T;
    perRoute.set(key, value);
    return value;
  }
}
