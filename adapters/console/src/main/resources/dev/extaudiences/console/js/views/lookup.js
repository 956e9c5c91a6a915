import { call, enc } from '../api.js';
import { field, fill, h, when } from '../dom.js';
import { problem, table } from './common.js';

/** Which of the scope's audiences one identity (namespace and value) is a live member of. */
export async function lookupView(ctx, params) {
  const namespace = h('input', { name: 'namespace', value: params.get('ns') || '', required: true,
    placeholder: 'email', autocomplete: 'off' });
  const value = h('input', { name: 'value', value: params.get('value') || '', required: true, autocomplete: 'off' });
  const results = h('div', { id: 'lookup-results', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'lookup' }, h('h1', {}, 'Look up an identity'),
    field('lookup-namespace', 'Identity namespace', namespace),
    field('lookup-value', 'Value', value),
    h('button', { type: 'submit', class: 'primary' }, 'Look up'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.go(`#/lookup?ns=${enc(namespace.value.trim())}&value=${enc(value.value.trim())}`);
  });
  fill(ctx.main, form, results);
  if (!params.get('ns') || !params.get('value')) {
    namespace.focus();
    return;
  }
  fill(results, h('p', { class: 'loading' }, 'Looking…'));
  try {
    const found = await call('GET', `/external-audience/members/${enc(params.get('ns'))}/${enc(params.get('value'))}`);
    if (!ctx.live()) return;
    const names = new Map();
    await Promise.all(found.memberships.map(async (m) => {
      try {
        names.set(m.audienceId, (await call('GET', `/external-audience/${enc(m.audienceId)}`)).audienceName);
      } catch (gone) {
        names.set(m.audienceId, m.audienceId);
      }
    }));
    if (!ctx.live()) return;
    fill(results, found.memberships.length
      ? table(['Audience', 'Attributes', 'Last ingested'], found.memberships.map((m) => h('tr', {},
        h('td', {}, h('a', { href: `#/audiences/${enc(m.audienceId)}` }, names.get(m.audienceId))),
        h('td', {}, Object.entries(m.attributes || {}).map(([k, v]) => `${k}=${v}`).join(', ')),
        h('td', {}, when(m.lastIngestedAt)))), { id: 'memberships' })
      : h('p', { class: 'empty', id: 'no-membership' }, 'This identity is a live member of no audience here.'));
  } catch (refused) {
    if (ctx.live()) fill(results, problem(refused));
  }
}
