import { describe, expect, it } from 'vitest';
import { checkTemplate, fillTemplate } from './env-template.js';
import { referenceDefinition, referencePod } from './reference.js';
import { podEnvironment, podValue } from '../env/pod-env.js';

describe('environment templates', () => {
  it('fills placeholders, several per value, and leaves an empty sole placeholder unset', () => {
    expect(
      fillTemplate(
        { URL: 'http://{host}:{port}/x', POD: '{pod}', D: '{defects}', FIXED: 'on' },
        {
          host: 'h',
          port: '1',
          pod: 'pod-a',
          defects: '',
        },
      ),
    ).toEqual({ URL: 'http://h:1/x', POD: 'pod-a', FIXED: 'on' });
  });

  it('refuses an unknown placeholder and one nobody fills, naming the variable', () => {
    expect(() => fillTemplate({ A: '{prot}' }, {})).toThrow(/env\.A: unknown placeholder \{prot\}/);
    expect(() => fillTemplate({ R: '{redisUrl}' }, {}, 'target.local.env')).toThrow(
      /target\.local\.env\.R: \{redisUrl\} cannot be filled \(the target needs no Redis/,
    );
    expect(checkTemplate({ R: '{redisUrl}', P: '{port}' }, { available: ['port'] })).toEqual([
      'env.R: {redisUrl} cannot be filled here (the target needs no Redis: services.redis is false)',
    ]);
    expect(checkTemplate(referenceDefinition().local!.env!)).toEqual([]);
  });

  it("gives a reference pod the environment of the topology's own variables under the scenario's", () => {
    const pod = referencePod({ TERMINATION_GRACE_MS: '5000', PORT: '1', LOG_LEVEL: 'warn' });
    const env = podEnvironment(pod.local!.env, pod, {
      port: 7,
      host: '127.0.0.1',
      pod: 'pod-a',
      zone: 'a',
      databaseUrl: 'postgres://x',
      redisUrl: 'redis://y',
    });
    expect(env).toEqual({
      PORT: '7',
      HOST: '127.0.0.1',
      POD_NAME: 'pod-a',
      ZONE: 'a',
      DATABASE_URL: 'postgres://x',
      REDIS_URL: 'redis://y',
      TERMINATION_GRACE_MS: '5000',
      LOG_LEVEL: 'warn',
    });
    expect(podValue(pod, 'terminationGraceMs')).toBe('5000');
    // A pod's version may point the database elsewhere, never its port.
    const overridden = podEnvironment(
      pod.local!.env,
      pod,
      { port: 7, host: 'h', pod: 'pod-d', zone: 'a', databaseUrl: 'postgres://x', redisUrl: 'redis://y' },
      { DATABASE_URL: 'postgres://bad', PORT: '9', GATEWAY_VERSION: 'v2' },
    );
    expect(overridden).toMatchObject({ DATABASE_URL: 'postgres://bad', PORT: '7', GATEWAY_VERSION: 'v2' });
  });
});
