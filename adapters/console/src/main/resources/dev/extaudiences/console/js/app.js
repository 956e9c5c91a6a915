// The console's router: one view per hash route, each given the main element to fill. No view outlives a route
// change: a view that polls checks that it is still the current one before it draws again.
import { credentials, forget } from './api.js';
import { fill, h } from './dom.js';
import { signInView } from './views/signin.js';
import { audiencesView } from './views/audiences.js';
import { audienceView } from './views/audience.js';
import { runView } from './views/run.js';
import { membersView } from './views/members.js';
import { lookupView } from './views/lookup.js';

const main = document.getElementById('view');
let generation = 0;

const ROUTES = [
  [/^#\/audiences\/([^/]+)\/runs\/([^/]+)$/, (m, ctx) => runView(ctx, decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/audiences\/([^/]+)\/members$/, (m, ctx) => membersView(ctx, decodeURIComponent(m[1]))],
  [/^#\/audiences\/([^/]+)$/, (m, ctx) => audienceView(ctx, decodeURIComponent(m[1]))],
  [/^#\/audiences(?:\?(.*))?$/, (m, ctx) => audiencesView(ctx, new URLSearchParams(m[1] || ''))],
  [/^#\/lookup(?:\?(.*))?$/, (m, ctx) => lookupView(ctx, new URLSearchParams(m[1] || ''))],
];

function route() {
  const current = ++generation;
  const ctx = {
    main,
    /** Whether the view that got this context is still the one shown. */
    live: () => current === generation,
    go: (hash) => { location.hash = hash; },
  };
  showWho();
  if (!credentials()) {
    signInView(ctx, () => route());
    return;
  }
  const hash = location.hash || '#/audiences';
  for (const [pattern, view] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) {
      highlight(hash);
      fill(main, h('p', { class: 'loading' }, 'Loading…'));
      view(match, ctx);
      return;
    }
  }
  fill(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no page at ', h('code', {}, hash), '. ',
    h('a', { href: '#/audiences' }, 'Go to the audiences.')));
}

function highlight(hash) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (hash.startsWith(`#/${link.dataset.nav}`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showWho() {
  const given = credentials();
  document.getElementById('who').hidden = !given;
  document.getElementById('scope').textContent = given ? `${given.orgId} / ${given.sandbox}` : '';
}

document.getElementById('sign-out').addEventListener('click', () => {
  forget();
  route();
});
window.addEventListener('hashchange', route);
route();
