import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { loadShape, type StoredShape, shapeErrors } from '../scripts/zoom-rivet-schema.ts';
import { zoom } from '../src/providers/zoom/index.ts';
import { seededContext } from './helpers/context.ts';

// Every Zoom fixture against the shape of its event in Zoom's Rivet SDK (read out of its type declarations
// by scripts/gen-zoom-fixtures.ts into test/zoom-rivet-events.json), plus the rules a type cannot say: the
// state an event name implies, one account, Zoom's id formats, no placeholders.

type Json = Record<string, unknown>;
const FIXTURES = new URL('../fixtures/zoom/', import.meta.url);
const shapes = JSON.parse(
  await readFile(new URL('./zoom-rivet-events.json', import.meta.url), 'utf8'),
) as Record<string, { product: string; schema: StoredShape }>;
const index = JSON.parse(await readFile(new URL('index.json', FIXTURES), 'utf8')) as Array<{
  event: string;
  file: string;
}>;
const fixtures = await Promise.all(
  index.map(async ({ event, file }) => ({
    event,
    body: JSON.parse(await readFile(new URL(file, FIXTURES), 'utf8')) as Json,
  })),
);

const ACCOUNT = 'Vl4cK1xTQzyXd3Ob7rzmJg';
const object = (body: Json) => ((body.payload as Json | undefined)?.object ?? {}) as Json;

/** Every [path, value] leaf of a JSON value. */
function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((item, at) => leaves(item, `${path}[${at}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => leaves(item, path === '' ? key : `${path}.${key}`));
  return [[path, value]];
}

/** What an event name says about its payload; each returns a problem, or null. */
const STATE_RULES: Array<[RegExp, string, (body: Json) => boolean]> = [
  [
    /^(meeting|webinar|session)\.ended$/,
    'has an end_time after its start_time',
    (body) => {
      const { start_time, end_time } = object(body) as { start_time?: string; end_time?: string };
      return typeof end_time === 'string' && Date.parse(end_time) > Date.parse(String(start_time));
    },
  ],
  [/^(meeting|webinar|session)\.started$/, 'has no end_time yet', (body) => !('end_time' in object(body))],
  [
    /\.participant_left$/,
    'the participant has a leave_time',
    (body) => {
      const participant = object(body).participant as Json | undefined;
      return typeof participant?.leave_time === 'string';
    },
  ],
  [
    /\.participant_joined$/,
    'the participant has a join_time and no leave_time',
    (body) => {
      const participant = object(body).participant as Json | undefined;
      return typeof participant?.join_time === 'string' && !('leave_time' in (participant ?? {}));
    },
  ],
  [
    /^recording\.completed$/,
    'every file is completed, and counts and sizes add up',
    (body) => {
      const files = (object(body).recording_files ?? []) as Json[];
      const total = files.reduce((sum, file) => sum + Number(file.file_size), 0);
      return (
        files.length > 0 &&
        files.every((file) => file.status === 'completed') &&
        object(body).recording_count === files.length &&
        object(body).total_size === total
      );
    },
  ],
  [
    /\.updated$/,
    'old_object, when sent, differs from object',
    (body) => {
      const payload = body.payload as Json | undefined;
      if (payload?.old_object === undefined) return true;
      return JSON.stringify(payload.old_object) !== JSON.stringify(payload.object);
    },
  ],
  [
    /^user\.deactivated$/,
    'the object is the user, not the admin who did it',
    (body) => {
      const payload = body.payload as Json;
      return object(body).id !== payload.operator_id && object(body).email !== payload.operator;
    },
  ],
  [
    /_missed$|_rejected$/,
    'an unanswered call has no answer time',
    (body) => leaves(body).every(([path]) => !/answer_start_time|connected_start_time/.test(path)),
  ],
];

describe('zoom fixtures', () => {
  it('cover every event type Rivet declares, plus the URL check, and nothing else', () => {
    const events = index.map((entry) => entry.event);
    assert.deepEqual(
      events.filter((event) => !(event in shapes)),
      ['endpoint.url_validation'],
    );
    assert.deepEqual(
      Object.keys(shapes).filter((event) => !events.includes(event)),
      [],
    );
    assert.ok(Object.keys(shapes).length >= 289);
  });

  for (const { event, body } of fixtures) {
    it(`${event}: fits Rivet's type, its state rules, one account, no placeholders`, () => {
      const shape = shapes[event];
      if (shape !== undefined) assert.deepEqual(shapeErrors(loadShape(shape.schema), body), []);
      assert.equal(body.event, event);
      for (const [pattern, rule, holds] of STATE_RULES)
        if (pattern.test(event)) assert.ok(holds(body), `${event}: ${rule}`);
      for (const [path, value] of leaves(body)) {
        const key =
          path
            .split('.')
            .at(-1)
            ?.replace(/\[\d+\]$/, '') ?? '';
        if (/^(account_id|accountId)$/.test(key)) assert.equal(value, ACCOUNT, path);
        if (typeof value !== 'string') continue;
        assert.notEqual(value.toLowerCase(), key.toLowerCase(), `${path} carries its own name`);
        assert.doesNotMatch(value, /^(xxx+|string|example|test|todo|foo|bar)$/i, path);
        assert.doesNotMatch(value, /example\.(com|org)/, path);
        if (/^(host_id|operator_id|user_id)$/.test(key)) assert.match(value, /^[A-Za-z0-9_-]{22}$/, path);
        if (/(^|_)uuid$/.test(key) && !/participant/.test(key))
          assert.match(value, /^[A-Za-z0-9+/]{22}==$/, path);
      }
    });
  }

  it('meetings and webinars carry Zoom meeting numbers of 11 digits', () => {
    for (const { event, body } of fixtures) {
      if (!/^(meeting|webinar)\./.test(event) || !('id' in object(body))) continue;
      assert.match(String(object(body).id), /^\d{11}$/, event);
    }
  });

  it('payload() moves every time with event_ts, so a fresh meeting.ended still ends when it is sent', async () => {
    const now = Date.UTC(2027, 0, 15, 9, 30, 0);
    const fresh = await zoom.payload('meeting.ended', seededContext(now, 'zoom'));
    assert.ok(fresh);
    assert.equal(fresh.event_ts, now);
    const ended = object(fresh);
    assert.equal(ended.end_time, '2027-01-15T09:30:00Z');
    assert.equal(ended.start_time, '2027-01-15T08:30:00Z');
    const check = await zoom.payload('endpoint.url_validation', seededContext(now, 'a'));
    const again = await zoom.payload('endpoint.url_validation', seededContext(now, 'b'));
    const token = (value: Json | null) => (value?.payload as Json | undefined)?.plainToken;
    assert.match(String(token(check)), /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(token(check), token(again));
  });
});
