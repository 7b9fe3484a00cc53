// The stylesheet inlined into report.html.
export const REPORT_CSS = `
:root {
  --ink: #111827; --muted: #4b5563; --faint: #6b7280; --line: #e5e7eb; --paper: #ffffff; --wash: #f3f4f6;
  --pass: #15803d; --pass-bg: #dcfce7; --fail: #b91c1c; --fail-bg: #fee2e2;
  --unknown: #92400e; --unknown-bg: #fef3c7;
  --inconclusive: #6d28d9; --inconclusive-bg: #ede9fe;
  --na: #4b5563; --na-bg: #e5e7eb;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header.banner { color: #fff; padding: 22px 0 18px; }
header.banner.pass { background: var(--pass); }
header.banner.fail { background: var(--fail); }
header.banner.unknown { background: #b45309; }
header.banner.inconclusive { background: #6d28d9; }
header.banner.not-applicable { background: #4b5563; }
.kicker { font-size: 13px; letter-spacing: .04em; text-transform: uppercase; opacity: .85; }
.headline { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; margin: 6px 0 4px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0; overflow-wrap: anywhere; }
.big-verdict {
  font-size: 18px; font-weight: 800; letter-spacing: .06em; padding: 4px 14px; border-radius: 6px;
  background: rgba(255,255,255,.95);
}
.pass .big-verdict { color: var(--pass); } .fail .big-verdict { color: var(--fail); }
.unknown .big-verdict { color: var(--unknown); }
.inconclusive .big-verdict { color: var(--inconclusive); }
.not-applicable .big-verdict { color: var(--na); }
.summary { font-size: 17px; font-weight: 600; margin: 6px 0 0; }
.overload { background: rgba(0,0,0,.25); border-radius: 6px; padding: 6px 10px; margin: 8px 0 0; font-weight: 600; }
.subline { opacity: .9; margin: 2px 0 0; overflow-wrap: anywhere; }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); font-size: 14px; }
nav.toc a { color: var(--muted); text-decoration: none; margin-right: 18px; display: inline-block; padding: 8px 0; }
nav.toc a:hover { color: var(--ink); text-decoration: underline; }
main { padding: 8px 0 24px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin: 18px 0; }
h2 { font-size: 20px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 0 0 4px; }
.note { color: var(--faint); font-size: 13px; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--faint); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
tr.row-pass td:first-child { box-shadow: inset 4px 0 0 var(--pass); }
tr.row-fail td:first-child { box-shadow: inset 4px 0 0 var(--fail); }
tr.row-unknown td:first-child { box-shadow: inset 4px 0 0 #d97706; }
tr.row-fail { background: #fff7f7; } tr.row-unknown { background: #fffbeb; }
tr.row-inconclusive td:first-child { box-shadow: inset 4px 0 0 #7c3aed; } tr.row-inconclusive { background: #f5f3ff; }
.inconclusive-reason { color: var(--inconclusive); font-size: 13px; margin-top: 2px; overflow-wrap: anywhere; }
tr.row-not-applicable td:first-child { box-shadow: inset 4px 0 0 var(--na); } tr.row-not-applicable { color: var(--muted); }
.na-reason { color: var(--na); font-size: 13px; margin-top: 2px; overflow-wrap: anywhere; }
.criterion-title { font-weight: 600; overflow-wrap: anywhere; }
.criterion-meta { color: var(--faint); font-size: 12px; }
.checker-error { color: var(--unknown); font-size: 13px; margin-top: 2px; overflow-wrap: anywhere; }
.badge {
  display: inline-block; min-width: 74px; text-align: center; font-weight: 700; font-size: 12px;
  letter-spacing: .05em; padding: 3px 8px; border-radius: 999px;
}
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); }
.badge.unknown { color: var(--unknown); background: var(--unknown-bg); }
.badge.inconclusive { color: var(--inconclusive); background: var(--inconclusive-bg); }
.badge.not-applicable { color: var(--na); background: var(--na-bg); }
.source { color: var(--muted); font-size: 13px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 10px 28px; margin: 0; }
dl.facts div { border-bottom: 1px solid var(--line); padding: 4px 0 6px; }
dl.facts dt { color: var(--faint); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.charts figure { margin: 0 0 26px; }
.charts figure:last-child { margin-bottom: 0; }
figcaption { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
.chart-box { position: relative; height: 330px; }
.chart-box.short { height: 280px; }
.chart-problem, .empty { color: var(--faint); font-style: italic; padding: 12px 0; margin: 0; }
.chart-problem { color: var(--fail); }
.evidence-card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 0 0 14px; }
.evidence-card.fail { border-left: 4px solid var(--fail); }
.evidence-card.unknown { border-left: 4px solid #d97706; }
.evidence-card.inconclusive { border-left: 4px solid #7c3aed; }
.evidence-card.pass { border-left: 4px solid var(--pass); }
.evidence-card h3 { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.evidence-card table { margin-top: 8px; }
.errors li { color: var(--fail); overflow-wrap: anywhere; }
.ok { color: var(--pass); margin: 0; }
.counters { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0 28px; }
.counters div { display: flex; justify-content: space-between; gap: 12px; border-bottom: 1px solid var(--line); padding: 6px 0; }
.counters span:first-child { color: var(--muted); overflow-wrap: anywhere; }
footer { color: var(--faint); font-size: 12px; padding: 0 0 28px; }
@media print {
  body { background: #fff; }
  nav.toc { display: none; }
  section { break-inside: avoid; border: none; padding: 0; }
  header.banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
