// The run history of an audience as one uPlot chart: rows read, rows rejected and members written per run on the
// left axis, the run's duration on the right, each run at the time it started.
import uPlot from '../vendor/uplot/dist/uPlot.esm.js';
import { fill, h } from './dom.js';
import { runSeconds } from './views/common.js';

export function runHistoryChart(container, runs) {
  const ordered = [...runs].sort((a, b) => a.createdAt - b.createdAt);
  fill(container);
  if (!ordered.length) {
    fill(container, h('p', { class: 'empty' }, 'No run yet.'));
    return null;
  }
  const metric = (name) => ordered.map((run) => run.metrics?.[name] ?? null);
  const data = [
    ordered.map((run) => run.createdAt),
    metric('rowsRead'),
    metric('rowsRejected'),
    ordered.map((run) => (run.metrics ? run.metrics.membersAdded + run.metrics.membersUpdated : null)),
    ordered.map((run) => runSeconds(run)),
  ];
  const width = () => Math.max(240, container.clientWidth || 600);
  const options = {
    width: width(),
    height: 240,
    series: [
      {},
      { label: 'Rows read', stroke: '#1f6feb', width: 2, points: { show: true } },
      { label: 'Rejected', stroke: '#cf222e', width: 2, points: { show: true } },
      { label: 'Members written', stroke: '#1a7f37', width: 2, points: { show: true } },
      { label: 'Duration (s)', stroke: '#9a6700', width: 1, dash: [4, 4], scale: 's', points: { show: true } },
    ],
    axes: [{}, { label: 'rows' }, { side: 1, scale: 's', label: 'seconds', grid: { show: false } }],
    // one run alone would otherwise be drawn across years: an hour either side of it
    scales: { x: { time: true, range: (u, min, max) => (min === max ? [min - 3600, max + 3600] : [min, max]) } },
  };
  const plot = new uPlot(options, data, container);
  new ResizeObserver(() => plot.setSize({ width: width(), height: 240 })).observe(container);
  return plot;
}
