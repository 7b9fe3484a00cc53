// The scripts inlined into report.html: the Chart.js UMD build and the page's own chart code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface HtmlAssets {
  chartJs: string;
  chartJsVersion: string;
  client: string;
}

let cached: HtmlAssets | null = null;

/**
 * `</script` inside an inlined script would end the element early; `<\/script` means the same to JS.
 * `<!--` would switch the HTML parser into its escaped script state, so refuse code containing it.
 */
function inlineSafe(code: string, name: string): string {
  if (code.includes('<!--')) throw new Error(`${name} contains "<!--" and cannot be inlined safely`);
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** Read once per process; the reporters stay pure apart from this read of installed files. */
export function htmlAssets(): HtmlAssets {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  // chart.js exports no subpath for its UMD build; it sits next to the CommonJS entry point.
  const distDir = path.dirname(require.resolve('chart.js'));
  const chartJs = readFileSync(path.join(distDir, 'chart.umd.min.js'), 'utf8');
  const version = /Chart\.js v(\d+\.\d+\.\d+)/.exec(chartJs)?.[1] ?? 'unknown';
  const client = readFileSync(new URL('./html-client.js', import.meta.url), 'utf8');
  cached = {
    chartJs: inlineSafe(chartJs, 'chart.umd.min.js'),
    chartJsVersion: version,
    client: inlineSafe(client, 'html-client.js'),
  };
  return cached;
}
