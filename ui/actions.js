// Taking a capture elsewhere: copy as cURL, export the JSON body as a fixture file.

import { curlCommand } from './curl.js';
import { $, h, toast } from './dom.js';

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

export async function copyCurl(current) {
  const command = curlCommand(current.detail, current.bytes);
  const slot = $('#editor-slot');
  if (await copyText(command)) {
    toast('cURL command copied');
    return;
  }
  // No clipboard (permissions): show it, selected, to copy by hand.
  const area = h('textarea', { class: 'curl-out', readonly: true, rows: 8, 'aria-label': 'cURL command' });
  area.value = command;
  slot?.replaceChildren(area);
  area.select();
  toast('Press Ctrl-C to copy the cURL command');
}

function downloadBlob(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = h('a', { href: url, download: name, class: 'offscreen' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function safeName(text) {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}

/** The JSON body, byte for byte, as a file for `hookctl trigger <provider> <event> --data FILE`. */
export function exportFixture(current) {
  const { detail, bytes } = current;
  const name = [detail.provider, detail.event].filter((part) => part !== null).join('-') || detail.id;
  downloadBlob(bytes, `${safeName(name)}.json`, 'application/json');
  toast(
    `Saved ${safeName(name)}.json: use it with hookctl trigger ${detail.provider ?? '<provider>'} ${detail.event ?? '<event>'} --data FILE`,
  );
}
