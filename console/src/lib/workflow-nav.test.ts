import { describe, expect, it } from 'vitest';
import { duration } from './workflow-nav';

describe('run duration', () => {
  const start = '2026-01-01T10:00:00.000Z';
  it('reads milliseconds, seconds, minutes and hours', () => {
    expect(duration(start, '2026-01-01T10:00:00.250Z')).toBe('250 ms');
    expect(duration(start, '2026-01-01T10:00:02.340Z')).toBe('2.3 s');
    expect(duration(start, '2026-01-01T10:03:05.000Z')).toBe('3 min 5 s');
    expect(duration(start, '2026-01-01T12:30:00.000Z')).toBe('2 h 30 min');
  });
  it('counts a run still going up to now, and says nothing of a clock that went backwards', () => {
    expect(duration(start, null, Date.parse('2026-01-01T10:00:01.000Z'))).toBe('1.0 s');
    expect(duration(start, '2026-01-01T09:59:00.000Z')).toBe('—');
  });
});
