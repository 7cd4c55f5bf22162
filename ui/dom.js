// DOM helpers. Everything shown on this page was sent by strangers on the internet, so captured text only
// ever reaches the page as text nodes (`textContent`, `append(string)`), never as HTML.

export const $ = (selector) => document.querySelector(selector);

/** Creates an element. Children that are strings become text nodes: nothing is ever parsed as HTML. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') {
        for (const [name, data] of Object.entries(value))
          if (data !== undefined && data !== null) el.dataset[name] = data;
      } else if (key.startsWith('on') && typeof value === 'function')
        el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  appendAll(el, children);
  return el;
}

/** Replaces an element's content; null and false children are skipped, as in `h`. */
export function fill(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}

function appendAll(el, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

// Control characters and bidirectional overrides would hide or disguise parts of what was sent; they are
// shown as visible escapes instead.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text as nodes, with invisible characters shown as `\xNN` / `\u{NNNN}` escapes in a dim span. */
export function visibleText(text) {
  if (text.search(INVISIBLE) === -1) return document.createTextNode(text);
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > last) frag.append(text.slice(last, match.index));
    const code = match[0].charCodeAt(0);
    const shown = code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    frag.append(
      h('span', { class: 'ctl', title: `U+${code.toString(16).padStart(4, '0').toUpperCase()}` }, shown),
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

let toastTimer;

export function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 2500);
}
