import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseParams, parseTarget } from './fault-command.js';

const STACK = {
  pods: [
    { name: 'pod-a', zone: 'a' },
    { name: 'pod-b', zone: 'b' },
  ],
  links: ['client->pod-a', 'pod-a->redis', 'pod-a->postgres'],
};

describe('drill fault: targets', () => {
  it('reads a pod, a zone, a link, a component and explicit kind:value words', () => {
    expect(parseTarget('pod-kill', 'pod-b', STACK)).toEqual({ pod: 'pod-b' });
    expect(parseTarget('zone-loss', 'b', STACK)).toEqual({ zone: 'b' });
    expect(parseTarget('link-latency', 'pod-a->redis', STACK)).toEqual({ link: 'pod-a->redis' });
    expect(parseTarget('link-latency', 'database', STACK)).toEqual({ component: 'database' });
    expect(parseTarget('pod-kill', 'pod:pod-a', STACK)).toEqual({ pod: 'pod-a' });
    expect(parseTarget('zone-loss', 'random', STACK)).toEqual({ zone: 'random' });
  });

  it("uses the fault's own default, and refuses to guess where a fault needs to be told", () => {
    expect(parseTarget('database-failover', undefined, STACK)).toEqual({ component: 'database' });
    expect(parseTarget('pod-kill', undefined, STACK)).toEqual({ pod: 'random' });
    expect(() => parseTarget('link-latency', undefined, STACK)).toThrow(InvalidArgumentError);
  });

  it('names what it accepts when a word is none of them', () => {
    expect(() => parseTarget('pod-kill', 'pod-z', STACK)).toThrow(/pod-a, pod-b[\s\S]*zone \(a, b\)/);
    expect(() => parseTarget('redis-stop', 'component:kafka', STACK)).toThrow(/component must be one of/);
  });
});

describe('drill fault: params', () => {
  it('parses JSON values and keeps other values as strings', () => {
    expect(parseParams(['latencyMs=500', 'abrupt=true', 'name=slow link'])).toEqual({
      latencyMs: 500,
      abrupt: true,
      name: 'slow link',
    });
    expect(() => parseParams(['=1'])).toThrow(/key=value/);
  });
});
