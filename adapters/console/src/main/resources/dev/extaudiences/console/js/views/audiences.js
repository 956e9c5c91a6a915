import { call, enc } from '../api.js';
import { fill, h, when } from '../dom.js';
import { pager, problem, table } from './common.js';

const PAGE = 20;
const MOST_SEARCHED = 2000;

/**
 * The scope's audiences, a page at a time. The API lists audiences without a name filter, so a search reads the
 * list (up to 2,000 audiences, 100 a call) and keeps the names holding the text, in any case.
 */
export async function audiencesView(ctx, params) {
  const search = params.get('q') || '';
  const start = Math.max(0, Number(params.get('start')) || 0);
  const query = h('input', { type: 'search', name: 'q', value: search, autocomplete: 'off' });
  const form = h('form', { class: 'search', role: 'search' },
    h('label', { for: 'audience-search' }, 'Search by name'), query,
    h('button', { type: 'submit' }, 'Search'));
  query.id = 'audience-search';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`#/audiences?q=${enc(query.value.trim())}`);
  });
  const results = h('div', { id: 'audience-results' }, h('p', { class: 'loading' }, 'Loading…'));
  fill(ctx.main, h('h1', {}, 'Audiences'), form, results);
  try {
    const page = search ? await searched(search, start) : await listed(start);
    if (!ctx.live()) return;
    const rows = page.audiences.map((audience) => h('tr', {},
      h('td', {}, h('a', { href: `#/audiences/${enc(audience.audienceId)}` }, audience.audienceName)),
      h('td', {}, (audience.fields || []).filter((f) => f.identityNs).map((f) => f.identityNs).join(', ')),
      h('td', {}, `${audience.sourceSpec?.cloudType || ''} ${audience.sourceSpec?.path || ''}`),
      h('td', {}, `${audience.ttlInDays} d`),
      h('td', {}, when(audience.updatedAt))));
    fill(results,
      page.audiences.length ? table(['Name', 'Identity', 'Source', 'TTL', 'Updated'], rows, { id: 'audiences' })
        : h('p', { class: 'empty' }, search ? `No audience’s name holds “${search}”.` : 'No audience yet.'),
      pager(page, (next) => ctx.go(`#/audiences?${search ? `q=${enc(search)}&` : ''}start=${next}`)));
  } catch (refused) {
    if (ctx.live()) fill(results, problem(refused));
  }
}

async function listed(start) {
  const page = await call('GET', '/external-audience', { query: { limit: PAGE, start } });
  return { ...page, start };
}

async function searched(text, start) {
  const wanted = text.toLowerCase();
  const matching = [];
  for (let offset = 0; offset < MOST_SEARCHED; offset += 100) {
    const page = await call('GET', '/external-audience', { query: { limit: 100, start: offset } });
    matching.push(...page.audiences.filter((a) => a.audienceName.toLowerCase().includes(wanted)));
    if (offset + 100 >= page._page.totalCount) break;
  }
  return { audiences: matching.slice(start, start + PAGE), start,
    _page: { limit: PAGE, count: Math.min(PAGE, matching.length - start), totalCount: matching.length } };
}
