import { MODULE_ROUTE_PREFIXES, moduleForPath } from './route-prefixes';

describe('moduleForPath', () => {
  it('gives every prefix, with a sub-path or a query, to its own module', () => {
    for (const [module, prefixes] of Object.entries(MODULE_ROUTE_PREFIXES)) {
      for (const prefix of prefixes) {
        expect([prefix, moduleForPath(prefix)]).toEqual([prefix, module]);
        expect(moduleForPath(`${prefix}/x/y`)).toBe(module);
        expect(moduleForPath(`${prefix}?limit=1`)).toBe(module);
      }
    }
  });

  it('prefers the longest prefix and matches whole segments only', () => {
    expect(moduleForPath('/api/health/services')).toBe('observability');
    expect(moduleForPath('/a2a/route/x')).toBe('gateway');
    expect(moduleForPath('/api/toolsets')).toBeUndefined();
    expect(moduleForPath('/nowhere')).toBeUndefined();
  });
});
