import { ApiProblem, call, keep } from '../api.js';
import { field, fill, h } from '../dom.js';
import { problem } from './common.js';

/** Asks once for what every API call carries, checks it with one call, and keeps it for this tab only. */
export function signInView(ctx, signedIn) {
  const token = h('input', { name: 'token', type: 'password', required: true, autocomplete: 'off' });
  const apiKey = h('input', { name: 'apiKey', required: true, autocomplete: 'off' });
  const orgId = h('input', { name: 'orgId', required: true, placeholder: '12345@AdobeOrg', autocomplete: 'off' });
  const sandbox = h('input', { name: 'sandbox', required: true, value: 'prod', autocomplete: 'off' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card narrow', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'hint' }, 'The same credentials as the API’s: they stay in this browser tab only '
      + '(sessionStorage), and are sent with each call as its headers.'),
    field('token', 'Access token', token),
    field('api-key', 'API key (x-api-key)', apiKey),
    field('org-id', 'Org id (x-gw-ims-org-id)', orgId),
    field('sandbox', 'Sandbox (x-sandbox-name)', sandbox),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const given = { token: token.value.trim(), apiKey: apiKey.value.trim(), orgId: orgId.value.trim(),
      sandbox: sandbox.value.trim() };
    fill(outcome, h('p', { class: 'loading' }, 'Checking…'));
    try {
      await call('GET', '/external-audience', { query: { limit: 1 }, as: given });
      keep(given);
      signedIn();
    } catch (refused) {
      fill(outcome, problem(refused instanceof ApiProblem ? refused : new ApiProblem(0, { detail: String(refused) })));
    }
  });
  fill(ctx.main, form);
  token.focus();
}
