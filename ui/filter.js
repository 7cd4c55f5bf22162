// Which summaries the list shows. Pure (no DOM), so the tests run it in Node.

/** The provider choice that means "captures no provider recognised". */
export const NO_PROVIDER = '\u0000none';

/** The words of the filter box: lowered, split on white space. */
export function filterWords(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export function isFiltering(filter) {
  const { words, provider, event, status } = filter;
  return words.length > 0 || provider !== '' || event !== '' || status !== '';
}

const haystacks = new WeakMap();

/** The lowered text the filter words are looked for in, computed once a summary. */
function haystack(capture) {
  let text = haystacks.get(capture);
  if (text === undefined) {
    const forward = capture.forward;
    text = [
      capture.id,
      capture.method,
      capture.path,
      capture.provider ?? '',
      capture.event ?? '',
      capture.signature,
      forward === null ? 'not forwarded' : String(forward.status ?? 'error'),
      forward?.url ?? '',
      forward?.error ?? '',
      capture.replayOf === undefined ? '' : `replay ${capture.replayOf}`,
    ]
      .join('\n')
      .toLowerCase();
    haystacks.set(capture, text);
  }
  return text;
}

/** The status choice: `2xx`…`5xx`, `failed` (no response), `none` (not forwarded), `replay`, `sig:<state>`. */
function statusMatches(capture, wanted) {
  const forward = capture.forward;
  if (wanted.startsWith('sig:')) return capture.signature === wanted.slice(4);
  if (wanted === 'replay') return capture.replayOf !== undefined;
  if (wanted === 'none') return forward === null;
  if (forward === null) return false;
  if (wanted === 'failed') return forward.status === null;
  const status = forward.status;
  return status !== null && `${Math.floor(status / 100)}xx` === wanted;
}

/** Whether a summary passes the filter: every word somewhere in it, and the provider, event and status. */
export function matches(capture, filter) {
  const { words, provider, event, status } = filter;
  if (
    provider !== '' &&
    (provider === NO_PROVIDER ? capture.provider !== null : capture.provider !== provider)
  )
    return false;
  if (event !== '' && capture.event !== event) return false;
  if (status !== '' && !statusMatches(capture, status)) return false;
  if (words.length > 0) {
    const text = haystack(capture);
    for (const word of words) if (!text.includes(word)) return false;
  }
  return true;
}

/** The summaries that pass the filter, in their order (a copy when nothing is filtered). */
export function filterCaptures(captures, filter) {
  return isFiltering(filter) ? captures.filter((capture) => matches(capture, filter)) : captures.slice();
}
