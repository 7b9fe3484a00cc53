// Runs inside report.html, after the inlined Chart.js UMD build: draws the charts from the
// JSON in #drill-chart-data (shaped by html-data.ts). Plain browser JavaScript, no imports.
/* global Chart, console, document, window */
(function () {
  'use strict';

  const POD_COLORS = ['#2563eb', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#475569'];
  const FAULT_FILL = 'rgba(220, 38, 38, 0.09)';
  const FAULT_EDGE = 'rgba(185, 28, 28, 0.55)';
  const FAULT_TEXT = '#991b1b';

  const LEGEND = { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', padding: 16 } };

  function fmt(n) {
    if (n === null || n === undefined || !Number.isFinite(n)) return '—';
    if (Number.isInteger(n)) return String(n);
    if (Math.abs(n) >= 1000) return String(Number(n.toFixed(1)));
    return String(Number(n.toPrecision(5)));
  }

  /** Shades every fault window behind the data and labels it at the top of the plot area. */
  const faultWindows = {
    id: 'faultWindows',
    beforeDatasetsDraw(chart, _args, options) {
      const bands = (options && options.bands) || [];
      const { ctx, chartArea: area } = chart;
      const x = chart.scales.x;
      ctx.save();
      for (const band of bands) {
        const x0 = Math.max(area.left, x.getPixelForValue(band.start));
        const x1 = Math.min(area.right, x.getPixelForValue(band.end === null ? x.max : band.end));
        if (!(x1 > x0)) continue;
        ctx.fillStyle = FAULT_FILL;
        ctx.fillRect(x0, area.top, x1 - x0, area.bottom - area.top);
        ctx.strokeStyle = FAULT_EDGE;
        ctx.lineWidth = 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x0, area.top);
        ctx.lineTo(x0, area.bottom);
        if (band.end !== null) {
          ctx.moveTo(x1, area.top);
          ctx.lineTo(x1, area.bottom);
        }
        ctx.stroke();
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart, _args, options) {
      const bands = (options && options.bands) || [];
      const { ctx, chartArea: area } = chart;
      const x = chart.scales.x;
      const rowEnds = []; // right edge of the last label in each row, so labels never overlap
      ctx.save();
      ctx.font = '600 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.textBaseline = 'top';
      for (const band of bands) {
        const x0 = Math.max(area.left, x.getPixelForValue(band.start));
        if (x0 >= area.right) continue;
        const text = band.end === null ? `${band.label} (not healed)` : band.label;
        const width = ctx.measureText(text).width;
        const left = Math.max(area.left + 2, Math.min(x0 + 4, area.right - width - 6));
        let row = rowEnds.findIndex((end) => left > end + 8);
        if (row < 0) row = rowEnds.length;
        rowEnds[row] = left + width;
        const top = area.top + 4 + row * 16;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(left - 2, top - 1, width + 4, 14);
        ctx.fillStyle = FAULT_TEXT;
        ctx.fillText(text, left, top);
      }
      ctx.restore();
    },
  };

  function timeAxisTitle(timeScale) {
    if (timeScale === 1) return 'time since run start (s)';
    return `time since run start (harness s; runbook s = harness s ÷ ${fmt(timeScale)})`;
  }

  function timeTooltipTitle(items, timeScale) {
    const first = items[0];
    if (!first) return '';
    const t = first.parsed.x;
    return timeScale === 1 ? `t+${fmt(t)} s` : `t+${fmt(t)} s (runbook t+${fmt(t / timeScale)} s)`;
  }

  function timeScaleOptions(data, yTitle) {
    return {
      x: {
        type: 'linear',
        min: 0,
        max: data.endS,
        title: { display: true, text: timeAxisTitle(data.timeScale) },
        ticks: { callback: (v) => `${fmt(v)} s` },
      },
      y: { min: 0, grace: '20%', title: { display: true, text: yTitle } },
    };
  }

  function points(ts, values) {
    return ts.map((t, i) => ({ x: t, y: values[i] === undefined ? null : values[i] }));
  }

  function connectionsChart(canvas, data) {
    return new Chart(canvas, {
      type: 'line',
      data: {
        datasets: data.connections.pods.map((pod, i) => {
          const color = POD_COLORS[i % POD_COLORS.length];
          return {
            label: pod.label,
            data: points(data.connections.t, pod.values),
            borderColor: color,
            backgroundColor: color,
            borderWidth: 2,
            pointRadius: 0,
            spanGaps: false,
          };
        }),
      },
      options: {
        scales: timeScaleOptions(data, 'connected clients'),
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: LEGEND,
          tooltip: { callbacks: { title: (items) => timeTooltipTitle(items, data.timeScale) } },
          faultWindows: { bands: data.faults },
        },
      },
      plugins: [faultWindows],
    });
  }

  function reconnectChart(canvas, data) {
    const unit = data.reconnect.unit;
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.reconnect.labels,
        datasets: [
          {
            label: 'unplanned disconnects that resumed',
            data: data.reconnect.counts,
            backgroundColor: 'rgba(37, 99, 235, 0.75)',
            borderColor: '#1d4ed8',
            borderWidth: 1,
            barPercentage: 1,
            categoryPercentage: 1,
          },
        ],
      },
      options: {
        scales: {
          x: { title: { display: true, text: `reconnect time, disconnect → resumed (${unit})` } },
          y: {
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: 'reconnects' },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => (items[0] ? `${items[0].label} ${unit}` : '') } },
        },
      },
    });
  }

  function latencyChart(canvas, data) {
    const series = [
      { label: 'p50', values: data.latency.p50, color: '#2563eb', dash: [] },
      { label: 'p99', values: data.latency.p99, color: '#dc2626', dash: [6, 3] },
    ];
    return new Chart(canvas, {
      type: 'line',
      data: {
        datasets: series.map((s) => ({
          label: `${s.label} delivery latency`,
          data: points(data.latency.t, s.values),
          borderColor: s.color,
          backgroundColor: s.color,
          borderDash: s.dash,
          borderWidth: 2,
          pointRadius: 2,
        })),
      },
      options: {
        scales: timeScaleOptions(data, 'send → receive latency (ms)'),
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: LEGEND,
          tooltip: {
            callbacks: {
              title: (items) => timeTooltipTitle(items, data.timeScale),
              label: (item) => `${item.dataset.label}: ${fmt(item.parsed.y)} ms`,
            },
          },
          faultWindows: { bands: data.faults },
        },
      },
      plugins: [faultWindows],
    });
  }

  function faultLatencyChart(canvas, data) {
    const f = data.faultLatency;
    const bars = [
      { label: 'delivery p50', values: f.deliveryP50, color: '#2563eb' },
      { label: 'delivery p99', values: f.deliveryP99, color: '#1e3a8a' },
      { label: 'send → ack p50', values: f.ackP50, color: '#059669' },
      { label: 'send → ack p99', values: f.ackP99, color: '#065f46' },
    ];
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: f.labels,
        datasets: [
          {
            label: 'injected delay (± jitter, each way)',
            data: f.injected,
            backgroundColor: 'rgba(220, 38, 38, 0.25)',
            borderColor: '#dc2626',
            borderWidth: 1,
            borderSkipped: false,
          },
          ...bars.map((b) => ({
            label: b.label,
            data: b.values,
            backgroundColor: b.color,
            borderColor: b.color,
            borderWidth: 1,
          })),
        ],
      },
      options: {
        scales: {
          x: {
            title: { display: true, text: 'latency window (baseline: outside every fault and its recovery)' },
          },
          y: { beginAtZero: true, grace: '10%', title: { display: true, text: 'latency (ms)' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { padding: 16 } },
          tooltip: {
            callbacks: {
              label: (item) =>
                item.datasetIndex === 0
                  ? `injected: ${f.injectedText[item.dataIndex] || '—'} each way`
                  : `${item.dataset.label}: ${fmt(item.parsed.y)} ms`,
            },
          },
        },
      },
    });
  }

  function showProblem(canvas, message) {
    const note = document.createElement('p');
    note.className = 'chart-problem';
    note.textContent = message;
    canvas.replaceWith(note);
  }

  function main() {
    const source = document.getElementById('drill-chart-data');
    const data = JSON.parse(source ? source.textContent || 'null' : 'null');
    const charts = [
      ['chart-connections', connectionsChart],
      ['chart-reconnect', reconnectChart],
      ['chart-latency', latencyChart],
      ['chart-fault-latency', faultLatencyChart],
    ];
    if (typeof Chart !== 'function' || data === null) {
      for (const [id] of charts) {
        const canvas = document.getElementById(id);
        if (canvas) showProblem(canvas, 'The charts could not be drawn: chart data or Chart.js is missing.');
      }
      console.error('report: chart data or Chart.js missing');
      return;
    }
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.color = '#374151';
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    for (const [id, draw] of charts) {
      const canvas = document.getElementById(id);
      if (!canvas) continue; // no samples: the page shows a note instead of a canvas
      try {
        draw(canvas, data);
      } catch (err) {
        showProblem(canvas, `This chart could not be drawn: ${err && err.message ? err.message : err}`);
        console.error(err);
      }
    }
    window.drillChartsReady = true;
  }

  main();
})();
