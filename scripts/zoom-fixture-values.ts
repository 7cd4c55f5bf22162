// Field values for the Zoom fixtures, by field name: one account, one host, one meeting, in Zoom's own id
// formats (https://developers.zoom.us/docs/api/using-zoom-apis/#meeting-id-and-uuid): 22-character
// base64url user and account ids, 11-digit meeting numbers, base64 meeting UUIDs ending in `==`. Values
// that depend on the event (times of an ended meeting, a missed call's result) are chosen by its name.

import {
  action,
  family,
  IDENTITY,
  iso,
  isSession,
  isWebinar,
  MINUTE,
  parent,
  START,
  TIMES,
  type ValueContext,
} from './zoom-fixture-identity.ts';
import { stateValue } from './zoom-fixture-states.ts';

export { IDENTITY, TIMES, type ValueContext };

function person(context: ValueContext): { id: string; email: string; first: string; last: string } {
  const at = parent(context);
  const host =
    /^(host|operator|owner|sender|inviter|caller)/.test(at) ||
    (at === 'object' && family(context.event) !== 'user');
  return host && !/^user|participant|registrant|member|callee|invitee|to_members/.test(at)
    ? { id: IDENTITY.hostId, email: IDENTITY.hostEmail, first: IDENTITY.hostFirst, last: IDENTITY.hostLast }
    : { id: IDENTITY.userId, email: IDENTITY.userEmail, first: IDENTITY.userFirst, last: IDENTITY.userLast };
}

/** A phone call rings at the start, is answered 8 s later, and ends after 4 minutes (30 s unanswered). */
function phoneTime(name: string, event: string): string {
  const unanswered = /missed|rejected|ringing/.test(action(event));
  if (/^(ringing_start_time|start_time)$/.test(name)) return TIMES.start;
  if (/^(answer_start_time|connected_start_time)$/.test(name)) return iso(START + 8_000);
  if (/end_time$/.test(name)) return iso(START + (unanswered ? 30_000 : 4 * MINUTE));
  return iso(START + 4 * MINUTE);
}

/** Times of a meeting by what the event says happened. */
function timeFor(name: string, context: ValueContext): string {
  if (/^(end_time|call_end_time|meeting_end_time|summary_end_time|leave_time|recording_end)$/.test(name))
    return name === 'leave_time' ? TIMES.left : name === 'recording_end' ? TIMES.recordingEnd : TIMES.end;
  if (family(context.event) === 'phone') return phoneTime(name, context.event);
  if (/^(join_time|answer_start_time|connected_start_time)$/.test(name)) return TIMES.joined;
  if (name === 'recording_start') return TIMES.recordingStart;
  if (/^(start_time|meeting_start_time|summary_start_time|ringing_start_time)$/.test(name))
    return TIMES.start;
  return iso(TIMES.eventMs);
}

/**
 * The value of a string field, or undefined when no rule knows it (the generator then fails, naming the
 * field: there is no fallback, so no field ever carries its own name or a placeholder).
 */
export function stringValue(name: string, context: ValueContext): string | undefined {
  const { event } = context;
  const who = person(context);
  if (/(^|_)time$|_time$|^date_time$|^date_created$|^msg_time$|^recording_(start|end)$/.test(name))
    return timeFor(name, context);
  switch (name) {
    case 'account_id':
    case 'accountId':
      return IDENTITY.accountId;
    case 'event':
      return event;
    case 'event_ts':
      return String(TIMES.eventMs);
    case 'uuid':
      if (parent(context) === 'participant') return IDENTITY.participantUuid;
      return isWebinar(event)
        ? IDENTITY.webinarUuid
        : isSession(event)
          ? IDENTITY.sessionId
          : IDENTITY.meetingUuid;
    case 'meeting_uuid':
    case 'meeting_uuids':
    case 'participant_uuid':
    case 'breakout_room_uuid':
    case 'webinar_uuid':
      return name === 'participant_uuid'
        ? IDENTITY.participantUuid
        : name === 'webinar_uuid'
          ? IDENTITY.webinarUuid
          : name === 'breakout_room_uuid'
            ? 'Lq2xN7cUT1e0y5WmB3dR9A=='
            : IDENTITY.meetingUuid;
    case 'id':
      return idFor(context);
    case 'meeting_id':
      return String(IDENTITY.meetingId);
    case 'host_id':
    case 'meeting_host_id':
    case 'operator_id':
    case 'owner_id':
    case 'bind_user_id':
      return name === 'bind_user_id' ? IDENTITY.userId : IDENTITY.hostId;
    case 'user_id':
    case 'userId':
    case 'participant_user_id':
    case 'sender_id':
    case 'callee_id':
      return parent(context) === 'object' && family(event) === 'user' ? IDENTITY.userId : who.id;
    case 'operator':
    case 'host_email':
    case 'meeting_host_email':
      return IDENTITY.hostEmail;
    case 'email':
    case 'user_email':
    case 'contact_email':
      return who.email;
    case 'first_name':
      return who.first;
    case 'last_name':
      return who.last;
    case 'name':
    case 'user_name':
    case 'userName':
    case 'display_name':
    case 'caller_name':
    case 'callee_name':
    case 'sender_name':
    case 'invitee_name':
    case 'inviter_name':
      return nameFor(name, context);
    case 'operator_member_id':
    case 'member_id':
    case 'sender_member_id':
    case 'contact_member_id':
    case 'file_owner_member_id':
      return IDENTITY.memberId;
    case 'contact_id':
      return IDENTITY.userId;
    case 'topic':
    case 'meeting_topic':
      return isWebinar(event) ? 'Product launch: Northwind Atlas 3' : 'Weekly release planning';
    case 'session_name':
      return IDENTITY.sessionName;
    case 'session_id':
    case 'sender_session_id':
      return IDENTITY.sessionId;
    case 'session_key':
      return 'support-4471';
    case 'timezone':
      return 'Europe/Stockholm';
    case 'password':
      return 'Vs8Lk2';
    case 'join_url':
      return isWebinar(event)
        ? `https://us06web.zoom.us/w/${IDENTITY.webinarId}?tk=Qx7pR2&uuid=WN_${IDENTITY.webinarUuid.slice(0, 22)}`
        : `https://us06web.zoom.us/j/${IDENTITY.meetingId}?pwd=bGh2TXQ4cVJ0Nmx5Z0pWZ2ZnUT09`;
    case 'share_url':
      return `https://us06web.zoom.us/rec/share/Xb2kQm9vT4s1Lw8yZc3N0pR6dJ7aH5gF`;
    case 'download_url':
    case 'transcript_download_url':
      return `https://us06web.zoom.us/rec/download/Ab3dEf6GhIj9KlMn0pQrSt2uVwXy5Z`;
    case 'download_token':
      return 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhaWQiOiJWbDRjSzF4VFF6eVhkM09iN3J6bUpnIn0.kP3rFv8';
    case 'channel_id':
      return IDENTITY.channelId;
    case 'channel_name':
    case 'channelName':
      return IDENTITY.channelName;
    case 'message_id':
    case 'msg_id':
    case 'messageId':
    case 'parent_msg_id':
    case 'reply_main_message_id':
      return IDENTITY.messageId;
    case 'message':
    case 'message_content':
    case 'text':
    case 'content':
      return 'The release notes are in the shared folder.';
    case 'group_id':
    case 'to_group_id':
    case 'assigned_group_id':
      return IDENTITY.groupId;
    case 'call_id':
      return IDENTITY.callId;
    case 'caller_number':
    case 'phone_number':
    case 'phone':
    case 'consumer_phone_number':
    case 'transfer_phone_number':
    case 'zoom_phone_user_number':
      return /callee|to_members/.test(parent(context)) || name === 'consumer_phone_number'
        ? IDENTITY.calleeNumber
        : IDENTITY.callerNumber;
    case 'callee_number':
      return IDENTITY.calleeNumber;
    case 'phone_numbers':
      return IDENTITY.callerNumber;
    case 'file_id':
      return IDENTITY.fileId;
    case 'file_name':
      return /recording|audio/.test(parent(context))
        ? 'GMT20261130-150300_Recording_1920x1080.mp4'
        : 'release-notes-3.2.pdf';
    case 'client_id':
      return IDENTITY.appClientId;
    case 'signature':
      // app_deauthorized: Zoom's own signature of the deauthorization, hex.
      return '2b9c4f1e7a0d3c5b8e6f1a2d4c7b0e9f3a5d8c1b6e2f4a7d0c3b5e8f1a4d7c0b';
    case 'account_name':
    case 'account_alias':
    case 'account_support_name':
      return name === 'account_alias'
        ? 'northwindlabs'
        : name === 'account_support_name'
          ? 'Northwind IT'
          : IDENTITY.accountName;
    case 'account_support_email':
      return 'it-support@northwindlabs.io';
    case 'file_extension':
      return 'MP4';
    case 'file_type':
      return /chat_message_file|^file$/.test(parent(context)) ? 'pdf' : 'MP4';
    case 'OS_file_type':
      return 'pdf';
    case 'device_id':
      return IDENTITY.deviceId;
  }
  return stateValue(name, context);
}

function idFor(context: ValueContext): string {
  const { event } = context;
  const at = parent(context);
  if (at === 'participant' || at === 'participants') return IDENTITY.participantId;
  if (at === 'registrant') return 'Tq3Yb4xWR6G1v9sLd2kP0A';
  if (at === 'recording_files' || at === 'participant_audio_files')
    return 'c7b2e9f1-3a4d-4b8e-9f60-1d2c3b4a5e6f';
  if (at === 'tracking_source') return 'Kz5mV1nQS0yB8dW3pL7tGg';
  if (at === 'attachments' || at === 'files' || at === 'file') return IDENTITY.fileId;
  if (family(event) === 'phone' && /^(sender|owner|to_members|callee|caller|user)$/.test(at))
    return at === 'to_members' || at === 'callee' ? IDENTITY.userId : IDENTITY.hostId;
  if (family(event) === 'phone') {
    // Zoom Phone: recordings and voicemails have 32-hex ids, call logs base64url ids, settings the account's.
    if (at === 'recordings') return 'ab8f6b6fc2d246e4a0d1e1a25f61aec0';
    if (at === 'voice_mails') return '5d1c9e0b7a3f4e2d8c6b1a0f9e8d7c6b';
    if (at === 'call_logs') return 'Qf0JeJ1xTQa7O6DKx8wqhA';
    if (/object/.test(at) && /account_settings/.test(event)) return IDENTITY.accountId;
    if (at === 'object') return IDENTITY.callId;
  }
  if (family(event) === 'user' || at === 'operator') return IDENTITY.userId;
  if (family(event) === 'group') return IDENTITY.groupId;
  if (family(event) === 'account' || family(event) === 'information_barriers') return IDENTITY.accountId;
  if (isWebinar(event)) return String(IDENTITY.webinarId);
  if (isSession(event)) return IDENTITY.sessionId;
  if (family(event) === 'team_chat' || family(event) === 'chat_message') return IDENTITY.messageId;
  if (family(event) === 'chat_channel') return IDENTITY.channelId;
  return String(IDENTITY.meetingId);
}

function nameFor(name: string, context: ValueContext): string {
  const at = parent(context);
  if (name === 'callee_name' || /callee/.test(at)) return 'Priya Raman';
  if (/channel/.test(at)) return IDENTITY.channelName;
  if (/emoji/.test(context.event) && at === 'object') return 'shipit';
  if (/group/.test(at) || family(context.event) === 'group') return 'Engineering';
  if (name === 'name' && /file|recording|attachment/.test(at)) return 'release-notes-3.2.pdf';
  if (name === 'name' && /policy/.test(at)) return 'Finance and sales separation';
  const who = person(context);
  return `${who.first} ${who.last}`;
}

/** Number fields by name; an id-like number follows the event's thing. */
export function numberValue(name: string, context: ValueContext): number | undefined {
  const { event } = context;
  switch (name) {
    case 'id':
    case 'meeting_id':
    case 'webinar_id':
      if (name === 'webinar_id' || isWebinar(event)) return IDENTITY.webinarId;
      return IDENTITY.meetingId;
    case 'type':
      // Meeting types: 2 scheduled; webinar types: 5 webinar; user types: 1 basic, 2 licensed.
      return isWebinar(event) ? 5 : family(event) === 'user' ? 2 : 2;
    case 'duration':
      return 60;
    case 'event_ts':
      return TIMES.eventMs;
    case 'timestamp':
    case 'message_timestamp':
    case 'time_stamp':
      return TIMES.eventMs;
    case 'file_size':
      return /recording|audio/.test(parent(context)) ? 48_213_504 : 184_320;
    case 'size':
      return 184_320;
    case 'total_size':
      return 48_213_504;
    case 'recording_count':
      return 1;
    case 'phone_number':
    case 'from_number':
      // A phone callout (`participant.phone_number: number` in Rivet): the number dialled, digits only.
      return Number((name === 'from_number' ? IDENTITY.callerNumber : IDENTITY.calleeNumber).slice(1));
    case 'duration_in_second':
    case 'talk_time':
      return 3240;
  }
  return undefined;
}
