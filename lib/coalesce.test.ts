import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once for calls close together, after the last of them', () => {
    const run = vi.fn();
    const refresh = coalesce(run, 300);
    refresh();
    vi.advanceTimersByTime(100);
    refresh();
    vi.advanceTimersByTime(150);
    refresh();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs again for a call after the last run', () => {
    const run = vi.fn();
    const refresh = coalesce(run, 300);
    refresh();
    vi.advanceTimersByTime(300);
    refresh();
    vi.advanceTimersByTime(299);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
