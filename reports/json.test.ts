import { describe, expect, it } from 'vitest';

import { RESULT_JSON, jsonReporter, renderResultJson } from './json.js';
import { NOT_APPLICABLE_REASON, fixtureResult, notApplicableResult } from './test-support/fixture.js';

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

  it('keeps a not-applicable criterion with its reason, a null value and no pass', () => {
    const parsed = JSON.parse(renderResultJson(notApplicableResult())) as ReturnType<
      typeof notApplicableResult
    >;
    const na = parsed.criteria.find((c) => c.criterion === 'lost-acked-messages');
    expect(na).toMatchObject({
      verdict: 'not-applicable',
      value: null,
      notApplicable: NOT_APPLICABLE_REASON,
    });
    expect(parsed).toEqual(notApplicableResult());
  });
});
