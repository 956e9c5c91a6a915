import { ApiProblem, call, enc } from '../api.js';
import { badge, count, duration, field, fill, h, showFieldError, when } from '../dom.js';
import { runHistoryChart } from '../chart.js';
import { crumbs, problem, runSeconds, table } from './common.js';

const RUNS_SHOWN = 40;

/** One audience: what it is, its edit, upload and run forms, its runs and their history, and its deletion. */
export async function audienceView(ctx, id) {
  let audience;
  try {
    audience = await call('GET', `/external-audience/${enc(id)}`);
  } catch (refused) {
    if (ctx.live()) fill(ctx.main, crumbs({ text: 'Audiences', href: '#/audiences' }, { text: id }), problem(refused));
    return;
  }
  if (!ctx.live()) return;
  const runs = h('section', { id: 'runs', 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, 'Runs'),
    h('p', { class: 'loading' }, 'Loading…'));
  const details = h('section', { id: 'details', class: 'card' });
  fill(ctx.main,
    crumbs({ text: 'Audiences', href: '#/audiences' }, { text: audience.audienceName }),
    h('div', { class: 'title-row' }, h('h1', {}, audience.audienceName),
      h('a', { href: `#/audiences/${enc(id)}/members`, class: 'button' }, 'Members')),
    h('div', { class: 'columns' }, details, h('div', { class: 'stack' },
      uploadForm(ctx, audience, () => loadRuns(ctx, id, runs)),
      runForm(ctx, audience, () => loadRuns(ctx, id, runs)))),
    runs,
    editForm(ctx, audience, (updated) => { audience = updated; describe(details, updated); }),
    deleteSection(ctx, audience));
  describe(details, audience);
  loadRuns(ctx, id, runs);
}

function describe(section, audience) {
  const source = audience.sourceSpec || {};
  const labels = (values) => (values && values.length ? values.map((l) => h('span', { class: 'label' }, l)) : '—');
  fill(section,
    h('h2', {}, 'About'),
    audience.description ? h('p', { id: 'description' }, audience.description) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Audience id'), h('dd', {}, h('code', {}, audience.audienceId)),
      h('dt', {}, 'Source'), h('dd', { id: 'source' }, `${source.cloudType || ''} ${source.type || ''} `,
        h('code', {}, source.path || ''), source.baseConnectionId ? ` (connection ${source.baseConnectionId})` : ''),
      h('dt', {}, 'TTL'), h('dd', { id: 'ttl' }, `${audience.ttlInDays} days`),
      h('dt', {}, 'Labels'), h('dd', { id: 'labels' }, labels(audience.labels)),
      h('dt', {}, 'Type / namespace'), h('dd', {}, `${audience.audienceType} / ${audience.namespace}`),
      h('dt', {}, 'Created'), h('dd', {}, `${when(audience.createdAt)} by ${audience.createdBy}`),
      h('dt', {}, 'Updated'), h('dd', { id: 'updated' }, `${when(audience.updatedAt)} by ${audience.updatedBy}`)),
    h('h3', {}, 'Fields'),
    table(['Field', 'Type', 'Identity namespace', 'Labels'], (audience.fields || []).map((f) => h('tr', {},
      h('td', {}, f.name), h('td', {}, f.type), h('td', {}, f.identityNs || ''), h('td', {}, labels(f.labels)))),
    { id: 'fields' }));
}

async function loadRuns(ctx, id, section) {
  try {
    const page = await call('GET', `/external-audience/${enc(id)}/runs`, { query: { limit: RUNS_SHOWN } });
    if (!ctx.live()) return;
    const runs = page.runs;
    const rows = runs.map((run) => h('tr', {},
      h('td', {}, h('a', { href: `#/audiences/${enc(id)}/runs/${enc(run.runId)}` }, when(run.createdAt))),
      h('td', {}, badge(run.status)),
      h('td', { class: 'nowrap' }, run.differentialIngestion ? 'differential' : 'full'),
      h('td', {}, `${when(run.dataFilterStartTime)} → ${run.dataFilterEndTime ? when(run.dataFilterEndTime) : 'start'}`),
      h('td', {}, duration(runSeconds(run))),
      h('td', { class: 'num' }, count(run.metrics?.rowsRead)),
      h('td', { class: 'num' }, count(run.metrics?.rowsRejected)),
      h('td', { class: 'num' }, `+${count(run.metrics?.membersAdded)} ~${count(run.metrics?.membersUpdated)} `
        + `−${count(run.metrics?.membersRemoved)}`)));
    const chart = h('div', { class: 'chart', id: 'run-history', role: 'img',
      'aria-label': 'Run history: rows read, rejected, members written and duration per run' });
    fill(section, h('h2', { id: 'runs-title' }, 'Runs'),
      runs.length ? [table(['Started', 'Status', 'Mode', 'Window', 'Duration', 'Rows read', 'Rejected',
        'Members (added ~updated −removed)'], rows, { id: 'run-list' }), h('h3', {}, 'History'), chart]
        : h('p', { class: 'empty' }, 'No run yet: upload a file and start one.'));
    if (runs.length) runHistoryChart(chart, runs);
    if (runs.some((run) => run.status === 'PROCESSING')) {
      setTimeout(() => { if (ctx.live()) loadRuns(ctx, id, section); }, 1000);
    }
  } catch (refused) {
    if (ctx.live()) fill(section, h('h2', {}, 'Runs'), problem(refused));
  }
}

function uploadForm(ctx, audience, uploaded) {
  const source = audience.sourceSpec || {};
  const isFile = source.type === 'file';
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.gz,text/csv', required: true });
  const path = h('input', { name: 'path', value: isFile ? source.path : `${source.path.replace(/\/$/, '')}/`,
    readonly: isFile, autocomplete: 'off' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'upload' },
    h('h2', {}, 'Upload a CSV'),
    source.cloudType !== 'DLZ' ? h('p', { class: 'hint' }, `This audience reads the ${source.cloudType} connection `
      + `${source.baseConnectionId || ''}; the server refuses uploads for it.`) : null,
    field('upload-file', 'File', file),
    field('upload-path', 'Path in the landing zone', path,
      isFile ? 'The audience’s own file.' : 'A file directly inside the audience’s folder.'),
    h('button', { type: 'submit' }, 'Upload'), outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFieldError(form, null);
    const chosen = file.files[0];
    if (!chosen) return;
    fill(outcome, h('p', { class: 'loading' }, `Uploading ${chosen.name}…`));
    try {
      const done = await call('PUT', `/external-audience/${enc(audience.audienceId)}/landing-file`,
        { raw: chosen, query: { path: isFile ? undefined : path.value.trim() } });
      fill(outcome, h('p', { class: 'ok', id: 'upload-done' },
        `Uploaded ${count(done.sizeBytes)} bytes to ${done.path} (modified ${when(done.modifiedAt)}).`));
      uploaded();
    } catch (refused) {
      fieldOrBox(form, outcome, refused, { path: 'upload-path', body: 'upload-file' });
    }
  });
  return form;
}

function runForm(ctx, audience, started) {
  const from = h('input', { type: 'datetime-local', name: 'from', step: 1 });
  const to = h('input', { type: 'datetime-local', name: 'to', step: 1 });
  const differential = h('input', { type: 'radio', name: 'mode', value: 'differential', id: 'mode-differential',
    checked: true });
  const full = h('input', { type: 'radio', name: 'mode', value: 'full', id: 'mode-full' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'start-run' },
    h('h2', {}, 'Start a run'),
    field('run-from', 'Files modified from', from, 'Empty: from the beginning of time.'),
    field('run-to', 'until (not included)', to, 'Empty: until the run starts.'),
    h('fieldset', {}, h('legend', {}, 'Mode'),
      h('div', {}, differential, h('label', { for: 'mode-differential' }, 'Differential (upsert what it reads)')),
      h('div', {}, full, h('label', { for: 'mode-full' }, 'Full (replace the membership)'))),
    h('p', { class: 'field-error', id: 'mode-error', role: 'alert', hidden: true }),
    h('button', { type: 'submit', class: 'primary' }, 'Start the run'), outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFieldError(form, null);
    const body = { dataFilterStartTime: from.value ? Math.floor(new Date(from.value).getTime() / 1000) : 0,
      differentialIngestion: differential.checked };
    if (to.value) body.dataFilterEndTime = Math.floor(new Date(to.value).getTime() / 1000);
    try {
      const run = await call('POST', `/external-audience/${enc(audience.audienceId)}/runs`, { body });
      started();
      ctx.go(`#/audiences/${enc(audience.audienceId)}/runs/${enc(run.runId)}`);
    } catch (refused) {
      fieldOrBox(form, outcome, refused, { dataFilterStartTime: 'run-from', dataFilterEndTime: 'run-to',
        differentialIngestion: 'mode' });
    }
  });
  return form;
}

function editForm(ctx, audience, saved) {
  const description = h('textarea', { name: 'description', rows: 2 }, audience.description || '');
  const ttl = h('input', { name: 'ttlInDays', inputmode: 'numeric', value: audience.ttlInDays, autocomplete: 'off' });
  const labels = h('input', { name: 'labels', value: (audience.labels || []).join(', '), autocomplete: 'off' });
  const fieldInputs = (audience.fields || []).map((f, i) => field(`field-labels-${i}`, `Labels of ${f.name}`,
    h('input', { name: `field-${f.name}`, value: (f.labels || []).join(', '), autocomplete: 'off' })));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'edit' },
    h('h2', {}, 'Edit'),
    field('edit-description', 'Description', description),
    field('edit-ttl', 'TTL in days', ttl, '1 to 90: members expire this long after their last ingestion.'),
    field('edit-labels', 'Labels', labels, 'Comma-separated, such as core/C1, custom/deep.'),
    fieldInputs,
    h('button', { type: 'submit', class: 'primary' }, 'Save'), outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFieldError(form, null);
    fill(outcome);
    const split = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
    const typed = ttl.value.trim();
    const body = {
      description: description.value,
      labels: split(labels.value),
      fields: (audience.fields || []).map((f, i) => ({ name: f.name,
        labels: split(fieldInputs[i].querySelector('input').value) })),
      // a whole number goes as one; anything else goes as typed, for the server to name what is wrong with it
      ttlInDays: /^\d{1,9}$/.test(typed) ? Number(typed) : typed,
    };
    try {
      const updated = await call('PATCH', `/external-audience/${enc(audience.audienceId)}`, { body });
      fill(outcome, h('p', { class: 'ok', id: 'edit-done' }, `Saved at ${when(updated.updatedAt)}.`));
      saved(updated);
    } catch (refused) {
      const fieldIndex = /^fields\[(\d+)\]/.exec(refused.field || '');
      const map = { description: 'edit-description', ttlInDays: 'edit-ttl', labels: 'edit-labels' };
      if (fieldIndex) map[refused.field] = `field-labels-${fieldIndex[1]}`;
      fieldOrBox(form, outcome, refused, map);
    }
  });
  return form;
}

/**
 * A refusal naming one of the form's fields is shown by that field (the whole detail, as the server wrote it);
 * any other, in a box under the form.
 */
function fieldOrBox(form, outcome, refused, map) {
  const named = refused instanceof ApiProblem ? refused.field : null;
  const key = named && Object.keys(map).find((k) => named === k || named.startsWith(`${k}[`) || named.startsWith(`${k}.`));
  if (key) {
    showFieldError(form, map[key], `${refused.status} ${refused.errorCode}: ${refused.detail}`);
    fill(outcome);
    form.querySelector(`#${map[key]}`)?.focus();
  } else {
    fill(outcome, problem(refused));
  }
}

function deleteSection(ctx, audience) {
  const outcome = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'danger', id: 'delete' }, 'Delete this audience');
  button.addEventListener('click', async () => {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = `Delete “${audience.audienceName}” with its runs and `
      + 'members? This cannot be undone.';
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
    dialog.addEventListener('close', async () => {
      if (dialog.returnValue !== 'ok') return;
      try {
        await call('DELETE', `/external-audience/${enc(audience.audienceId)}`);
        ctx.go('#/audiences');
      } catch (refused) {
        fill(outcome, problem(refused));
      }
    }, { once: true });
  });
  return h('section', { class: 'card danger-zone' }, h('h2', {}, 'Delete'), button, outcome);
}
