import { h } from '../dom.js';

/** An API refusal as it came: status, code and detail, with the request id to quote. */
export function problem(error) {
  if (!error || error.status === undefined) {
    return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Something failed in the page: '),
      String(error?.message || error));
  }
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', { class: 'problem-status' }, error.status ? `${error.status} ${error.title}` : error.title),
    error.errorCode ? h('code', { class: 'problem-code' }, error.errorCode) : null,
    h('p', { class: 'problem-detail' }, error.detail),
    error.requestId ? h('p', { class: 'hint' }, `request id ${error.requestId}`) : null);
}

/** Breadcrumbs: where this page is among the audiences. */
export function crumbs(...parts) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    parts.map((part, i) => [i ? ' / ' : null, part.href ? h('a', { href: part.href }, part.text) : part.text]));
}

/** A previous/next pager over an offset and a total. */
export function pager(page, onPage) {
  const { limit, totalCount } = page._page;
  const start = page.start;
  const shown = Math.min(start + limit, totalCount);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: start === 0, onclick: () => onPage(Math.max(0, start - limit)) }, '← Previous'),
    h('span', {}, totalCount ? `${start + 1}–${shown} of ${totalCount}` : 'none'),
    h('button', { type: 'button', disabled: shown >= totalCount, onclick: () => onPage(start + limit) }, 'Next →'));
}

/** A table that scrolls inside itself on a narrow screen instead of widening the page. */
export function table(head, rows, attributes = {}) {
  return h('div', { class: 'table-wrap' }, h('table', attributes,
    h('thead', {}, h('tr', {}, head.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows)));
}

/** A run's duration in seconds: from its start to the end of its last stage, or to now while it runs. */
export function runSeconds(run) {
  const ends = (run.details || []).map((stage) => stage.endedAt).filter((at) => at !== undefined);
  const end = run.status === 'PROCESSING' || !ends.length ? Date.now() / 1000 : Math.max(...ends);
  return Math.max(0, Math.round(end - run.createdAt));
}
