import type { HeaderPair } from '../../http/headers.ts';
import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

// What a GitHub delivery looks like on the wire, from the example delivery in GitHub's docs
// (https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers).

/** GitHub's hook runner names itself with a short commit sha; this one is from the docs' example delivery. */
export const GITHUB_USER_AGENT = 'GitHub-Hookshot/044aadd';
/** Used when the payload does not name its hook (only `ping` does, in `hook_id`). Also from the docs. */
const DEFAULT_HOOK_ID = 292430182;
/** The target id when the payload names neither a repository, an organization nor an app. */
const DEFAULT_TARGET_ID = 79929171;

/**
 * The template of a catalogue event (or `data` instead), as a deep copy that `--set` may edit; null for an
 * event outside the catalogue without `data`. The examples are real deliveries whose ids and timestamps
 * agree with each other (a pull request's `created_at` and its head commit's date), so they are kept.
 */
export async function githubPayload(
  event: string,
  _context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('github', event));
  return template === null ? null : structuredClone(template);
}

/**
 * The payload as GitHub sends it to a hook with content type `application/json`: compact JSON. A hook set
 * to `application/x-www-form-urlencoded` would send `payload=<urlencoded JSON>` instead, with the signature
 * over those form bytes; `trigger` sends JSON, the default for new hooks and what most apps expect.
 */
export function encodeGithub(event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest {
  const target = installationTarget(payload);
  const headers: HeaderPair[] = [
    ['Accept', '*/*'],
    ['Content-Type', 'application/json'],
    ['User-Agent', GITHUB_USER_AGENT],
    ['X-GitHub-Delivery', uuid(context)],
    // The catalogue's `pull_request.opened` is header `pull_request` plus the body's `action`.
    ['X-GitHub-Event', event.split('.')[0] ?? event],
    ['X-GitHub-Hook-ID', String(numberField(payload, 'hook_id') ?? DEFAULT_HOOK_ID)],
    ['X-GitHub-Hook-Installation-Target-ID', String(target.id)],
    ['X-GitHub-Hook-Installation-Target-Type', target.type],
  ];
  return { headers, body: Buffer.from(JSON.stringify(payload), 'utf8') };
}

/**
 * Which hook the delivery came from. A payload with an `installation` is a GitHub App's delivery
 * (`integration`, whose id is the app's); the fixtures carry one only for events GitHub sends to Apps
 * alone. Otherwise a repository's hook, else an organization's: repository hooks are the common case
 * `trigger` imitates.
 */
function installationTarget(payload: JsonObject): { type: string; id: number } {
  const installation = objectField(payload, 'installation');
  if (installation !== null) {
    return { type: 'integration', id: numberField(installation, 'app_id') ?? DEFAULT_TARGET_ID };
  }
  const repository = objectField(payload, 'repository');
  if (repository !== null)
    return { type: 'repository', id: numberField(repository, 'id') ?? DEFAULT_TARGET_ID };
  const organization = objectField(payload, 'organization');
  if (organization !== null) {
    return { type: 'organization', id: numberField(organization, 'id') ?? DEFAULT_TARGET_ID };
  }
  return { type: 'integration', id: DEFAULT_TARGET_ID };
}

function objectField(object: JsonObject, key: string): JsonObject | null {
  const value = object[key];
  return isJsonObject(value) ? value : null;
}

function numberField(object: JsonObject, key: string): number | null {
  const value = object[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
