// Builds the DOM from values, never from HTML strings: whatever an audience's name or a file's line holds is text.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what a node holds. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Epoch seconds as a local date and time, to the second. */
export function when(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const date = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A duration in seconds, as a person reads it. */
export function duration(seconds) {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds)) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function count(value) {
  return value === undefined || value === null ? '—' : Number(value).toLocaleString('en');
}

/** A status as a badge whose colour says how it went. */
export function badge(status) {
  return h('span', { class: `badge ${String(status || '').toLowerCase()}` }, status || '—');
}

/** A labelled input, the label bound to it, with a slot under it for the server's refusal of that field. */
export function field(id, label, input, hint) {
  input.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null,
    error);
}

/** Shows a refusal under one field; hides every other. */
export function showFieldError(form, id, text) {
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  if (!id) return;
  const slot = form.querySelector(`#${id}-error`);
  if (slot) {
    slot.textContent = text;
    slot.hidden = false;
    form.querySelector(`#${id}`)?.setAttribute('aria-invalid', 'true');
  }
}
