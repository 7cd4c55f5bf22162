// The one Zoom account the fixtures come from, in Zoom's own id formats
// (https://developers.zoom.us/docs/api/using-zoom-apis/#meeting-id-and-uuid): 22-character base64url user
// and account ids, 11-digit meeting numbers, base64 meeting UUIDs ending in `==`; the times every fixture
// is placed at; and the small helpers the value rules share.

/** The one Zoom account every fixture comes from, and the people and things in it. */
export const IDENTITY = {
  accountId: 'Vl4cK1xTQzyXd3Ob7rzmJg',
  accountName: 'Northwind Labs',
  hostId: 'z8yCxjabRj2vQd4Lh8Ao9A',
  hostEmail: 'maya.lindqvist@northwindlabs.io',
  hostFirst: 'Maya',
  hostLast: 'Lindqvist',
  userId: 'KdYK0ufNQq6e2lyMHEr1RQ',
  userEmail: 'jonas.okafor@northwindlabs.io',
  userFirst: 'Jonas',
  userLast: 'Okafor',
  memberId: 'c2p1ylv3qxwsq6b8ahv0ma',
  meetingId: 85746065432,
  meetingUuid: 'HVU4zbI7Rf2Uv6q0lVwN3w==',
  webinarId: 91638204751,
  webinarUuid: 'bL0mt4mHSXyqW2pZ6oV8Vg==',
  participantUuid: 'D3A0F8A1-6C1B-4E5A-9F2E-7B4C1D0E9A38',
  participantId: '16778240',
  channelId: 'a4f5c2e1b7d9431e8f06c3b2a1d7e9f0',
  channelName: 'release-planning',
  messageId: '7e3b6a1c-2d4f-4a8b-9c0e-5f1a2b3c4d5e',
  groupId: 'Rk2pCQ9vTbW4x1LmYh7sNg',
  sessionId: 'o3Z7vR6nQdW0yS2cL8kA4g==',
  sessionName: 'Support call 4471',
  callId: '7391024658716342815',
  callerNumber: '+14155550132',
  calleeNumber: '+12065550187',
  siteId: '8f71O6rWT8KFUGQmJIFAdQ',
  phoneUserId: 'KdYK0ufNQq6e2lyMHEr1RQ',
  fileId: 'Wf9lxPqhQ9yb2RvcT0m1kA',
  deviceId: 'gNq8mZp4Q6S2vXwR1tLcYA',
  appClientId: 'r6Kbq1TQSuOy0Y2cFh8wVg',
  robotJid: 'v1pky3qdrmsz6ljy7g1afdhg@xmpp.zoom.us',
} as const;

/** The meeting the fixtures are about starts here (UTC); everything else is placed around it. */
export const START = Date.UTC(2026, 10, 30, 15, 0, 0);
export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const TIMES = {
  start: iso(START),
  joined: iso(START + 2 * MINUTE),
  recordingStart: iso(START + 3 * MINUTE),
  recordingEnd: iso(START + 57 * MINUTE),
  left: iso(START + 58 * MINUTE),
  end: iso(START + 60 * MINUTE),
  /** When the event itself happened, for `date_time`, `timestamp` and `event_ts`. */
  eventMs: START + 60 * MINUTE,
} as const;

export interface ValueContext {
  event: string;
  /** The field names from the payload root down to the parent of this field. */
  path: readonly string[];
}

export const family = (event: string) => event.split('.')[0] ?? '';
export const action = (event: string) => event.split('.')[1] ?? event;
export const isWebinar = (event: string) => family(event) === 'webinar';
export const isSession = (event: string) => family(event) === 'session';
export const parent = (context: ValueContext) => context.path.at(-1) ?? '';
