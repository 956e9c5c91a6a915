import { call, enc } from '../api.js';
import { fill, h, when } from '../dom.js';
import { crumbs, pager, problem, table } from './common.js';

const PAGE = 25;

/** An audience's live members, a page at a time, ordered by namespace then value. */
export async function membersView(ctx, audienceId) {
  const results = h('div', { id: 'member-results' }, h('p', { class: 'loading' }, 'Loading…'));
  fill(ctx.main, crumbs({ text: 'Audiences', href: '#/audiences' },
    { text: 'audience', href: `#/audiences/${enc(audienceId)}` }, { text: 'members' }),
  h('h1', {}, 'Members'), results);
  const show = async (start) => {
    try {
      const page = await call('GET', `/external-audience/${enc(audienceId)}/members`, { query: { limit: PAGE, start } });
      if (!ctx.live()) return;
      const attributeNames = [...new Set(page.members.flatMap((m) => Object.keys(m.attributes || {})))];
      fill(results,
        page.members.length
          ? table(['Namespace', 'Value', ...attributeNames, 'Last ingested'], page.members.map((member) => h('tr', {},
            h('td', {}, member.namespace),
            h('td', {}, h('a', { href: `#/lookup?ns=${enc(member.namespace)}&value=${enc(member.value)}` }, member.value)),
            attributeNames.map((name) => h('td', {}, member.attributes?.[name] ?? '')),
            h('td', {}, when(member.lastIngestedAt)))), { id: 'members' })
          : h('p', { class: 'empty' }, 'No live member.'),
        pager({ ...page, start }, show));
    } catch (refused) {
      if (ctx.live()) fill(results, problem(refused));
    }
  };
  await show(0);
}
