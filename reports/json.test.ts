import { describe, expect, it } from 'vitest';

import { RESULT_JSON, jsonReporter, renderResultJson } from './json.js';
import { fixtureResult } from './test-support/fixture.js';

describe('json reporter', () => {
  it('writes result.json that round-trips to the same RunResult', () => {
    const result = fixtureResult();
    const files = jsonReporter.render(result);
    expect(files.map((f) => f.file)).toEqual([RESULT_JSON]);
    const parsed: unknown = JSON.parse(files[0]?.content ?? '');
    expect(parsed).toEqual(result);
  });

  it('is pretty, ends with a newline and puts schemaVersion first', () => {
    const text = renderResultJson(fixtureResult());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps null values (unmeasured criteria, missing git SHA)', () => {
    const result = { ...fixtureResult(), gitSha: null };
    const parsed = JSON.parse(renderResultJson(result)) as typeof result;
    expect(parsed.gitSha).toBeNull();
    expect(parsed.criteria.find((c) => c.verdict === 'unknown')?.value).toBeNull();
  });
});
