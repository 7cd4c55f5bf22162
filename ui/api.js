// The inspector's JSON API, as the page calls it.

import { DETAIL_CACHE, state } from './state.js';

/** The API's `{error}` message, or the HTTP status when the answer is not one. */
export async function errorText(response) {
  try {
    const body = await response.json();
    if (typeof body?.error === 'string') return body.error;
  } catch {
    // not JSON: fall through
  }
  return `${response.status} ${response.statusText}`.trim();
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(await errorText(response));
  return response.json();
}

/** The newest `limit` summaries. */
export function fetchSummaries(limit) {
  return getJson(`/api/captures?limit=${limit}`);
}

/** A capture in full (`show --json`), from a small cache of complete records. */
export async function loadDetail(id) {
  const cached = state.details.get(id);
  if (cached !== undefined) return cached;
  const detail = await getJson(`/api/captures/${encodeURIComponent(id)}`);
  // A forward still under way will have a result later: only complete records are cached.
  if (detail.forward !== null || detail.forwardTo === null) {
    state.details.set(id, detail);
    if (state.details.size > DETAIL_CACHE) state.details.delete(state.details.keys().next().value);
  }
  return detail;
}

/** The providers the server can sign as, for the editor; none when it cannot say. */
export async function fetchProviders() {
  try {
    const providers = await getJson('/api/providers');
    return Array.isArray(providers) ? providers : [];
  } catch {
    return [];
  }
}

/** Asks the server to replay a capture; the outcome, or `{failed}` with the reason. */
export async function postReplay(id, payload) {
  try {
    const response = await fetch(`/api/captures/${encodeURIComponent(id)}/replay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return response.ok ? await response.json() : { failed: await errorText(response) };
  } catch (error) {
    return { failed: error.message };
  }
}
