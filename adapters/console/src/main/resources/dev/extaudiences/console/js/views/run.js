import { call, enc } from '../api.js';
import { badge, count, duration, fill, h, when } from '../dom.js';
import { runHistoryChart } from '../chart.js';
import { crumbs, problem, runSeconds, table } from './common.js';

const POLL_MILLIS = 1000;

/** One run: its stages and their times, its counts, the rows it rejected, and the audience's run history. */
export async function runView(ctx, audienceId, runId) {
  const head = h('div', { id: 'run-head' });
  const body = h('div', { id: 'run-body' });
  const history = h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Run history'),
    h('div', { class: 'chart', id: 'run-history', role: 'img',
      'aria-label': 'Run history: rows read, rejected, members written and duration per run' }));
  fill(ctx.main, head, body, history);
  let drawnHistory = false;
  const draw = async () => {
    let run;
    try {
      run = await call('GET', `/external-audience/${enc(audienceId)}/runs/${enc(runId)}`);
    } catch (refused) {
      if (ctx.live()) fill(body, problem(refused));
      return;
    }
    if (!ctx.live()) return;
    render(head, body, run);
    const running = run.status === 'PROCESSING';
    if (!drawnHistory || !running) {
      drawnHistory = !running;
      drawHistory(ctx, audienceId, history.querySelector('.chart'));
    }
    if (running) setTimeout(() => { if (ctx.live()) draw(); }, POLL_MILLIS);
  };
  await draw();
}

function render(head, body, run) {
  const m = run.metrics || {};
  const running = run.status === 'PROCESSING';
  fill(head,
    crumbs({ text: 'Audiences', href: '#/audiences' }, { text: run.audienceName, href: `#/audiences/${enc(run.audienceId)}` },
      { text: `run ${run.runId}` }),
    h('div', { class: 'title-row' }, h('h1', {}, 'Run ', h('small', {}, run.runId)),
      h('span', { id: 'run-status' }, badge(run.status))));
  fill(body,
    running ? h('div', { class: 'progress', id: 'run-progress', role: 'status' },
      h('progress', { 'aria-label': 'run in progress' }),
      h('span', {}, `${stageNow(run)} — ${duration(runSeconds(run))} so far, ${count(m.rowsRead)} rows read, `
        + `${count(m.files)} file(s)`)) : null,
    run.failure ? h('div', { class: 'problem', role: 'alert', id: 'run-failure' },
      h('strong', {}, `Failed (${run.failure.cause})`), h('p', {}, run.failure.reason)) : null,
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', {}, 'Run'), h('dl', { class: 'facts' },
        h('dt', {}, 'Mode'), h('dd', {}, run.differentialIngestion ? 'differential (upsert)' : 'full (replace)'),
        h('dt', {}, 'Window'), h('dd', {}, `${when(run.dataFilterStartTime)} → `
          + `${run.dataFilterEndTime ? when(run.dataFilterEndTime) : 'when it started'}`),
        h('dt', {}, 'Started'), h('dd', {}, `${when(run.createdAt)} by ${run.createdBy}`),
        h('dt', {}, 'Duration'), h('dd', { id: 'run-duration' }, duration(runSeconds(run))))),
      h('section', { class: 'card' }, h('h2', {}, 'Counts'), h('dl', { class: 'facts', id: 'run-metrics' },
        h('dt', {}, 'Files / bytes'), h('dd', {}, `${count(m.files)} / ${count(m.bytesRead)}`),
        h('dt', {}, 'Rows read'), h('dd', { id: 'rows-read' }, count(m.rowsRead)),
        h('dt', {}, 'Rows rejected'), h('dd', { id: 'rows-rejected' }, count(m.rowsRejected)),
        h('dt', {}, 'Duplicated'), h('dd', {}, count(m.rowsDuplicated)),
        h('dt', {}, 'Members added'), h('dd', { id: 'members-added' }, count(m.membersAdded)),
        h('dt', {}, 'Members updated'), h('dd', {}, count(m.membersUpdated)),
        h('dt', {}, 'Members removed'), h('dd', {}, count(m.membersRemoved))))),
    h('section', { 'aria-labelledby': 'stages-title' }, h('h2', { id: 'stages-title' }, 'Stages'),
      table(['Stage', 'Status', 'Started', 'Ended', 'Took'], (run.details || []).map((stage) => h('tr', {},
        h('td', {}, stage.stage), h('td', {}, badge(stage.status)), h('td', {}, when(stage.startedAt)),
        h('td', {}, when(stage.endedAt)),
        h('td', {}, stage.startedAt !== undefined && stage.endedAt !== undefined
          ? duration(stage.endedAt - stage.startedAt) : '—'))), { id: 'stages' })),
    h('section', { 'aria-labelledby': 'rejected-title' }, h('h2', { id: 'rejected-title' }, 'Rejected rows'),
      (run.errors || []).length
        ? [h('p', { class: 'hint' }, `${count(run.errors.length)} sample(s) of ${count(m.rowsRejected)} rejected `
          + '(at most 100 are kept).'),
          table(['File', 'Line', 'Column', 'Reason'], run.errors.map((row) => h('tr', {}, h('td', {}, row.file),
            h('td', { class: 'num' }, row.line), h('td', {}, row.column), h('td', {}, row.reason))),
          { id: 'rejected-rows' })]
        : h('p', { class: 'empty', id: 'rejected-rows-none' }, running ? 'None so far.' : 'None.')));
}

function stageNow(run) {
  const current = (run.details || []).find((stage) => stage.status === 'PROCESSING');
  return current ? `${current.stage} in progress` : 'waiting for a worker';
}

async function drawHistory(ctx, audienceId, chart) {
  try {
    const page = await call('GET', `/external-audience/${enc(audienceId)}/runs`, { query: { limit: 40 } });
    if (ctx.live()) runHistoryChart(chart, page.runs);
  } catch (refused) {
    if (ctx.live()) fill(chart, problem(refused));
  }
}
