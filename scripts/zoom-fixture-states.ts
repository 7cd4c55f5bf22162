// Values that follow from what an event says happened: a call's result, a status, a reason, the place
// and the wording of things. Kept apart from the id and name rules of zoom-fixture-values.ts.
import { action, family, IDENTITY, iso, parent, TIMES, type ValueContext } from './zoom-fixture-identity.ts';

/** Fields whose value is set by what happened: a result, a status, a reason. */
export function stateValue(name: string, context: ValueContext): string | undefined {
  const { event } = context;
  const verb = action(event);
  // Zoom Phone: a recording's owner is a user (or a call queue); an SMS attachment names its file type.
  if (name === 'type')
    return parent(context) === 'attachments' ? 'PNG' : parent(context) === 'owner' ? 'user' : undefined;
  // Video SDK stream ingestion (Rivet 0.4.0): the RTMP endpoints Zoom hands out for an incoming stream.
  if (parent(context) === 'stream_ingestion' && /stream_url$/.test(name))
    return `rtmp://ingest.zoom.us/${name.startsWith('backup') ? 'backup' : 'live'}/Jp4tW8xLRcy2mN6vB0kQ3g`;
  const table: Record<string, string> = {
    // Fields Rivet 0.4.0 added: the other side's account is this one; AI summaries and call paths have
    // hex and UUID ids like the recordings and messages around them.
    host_account_id: IDENTITY.accountId,
    channel_owner_account_id: IDENTITY.accountId,
    contact_account_id: IDENTITY.accountId,
    summary_last_modified_user_id: IDENTITY.hostId,
    summary_last_modified_user_email: IDENTITY.hostEmail,
    ai_call_summary_id: '3f9a1c7e5b2d4e8f9a0b1c2d3e4f5a6b',
    call_path_id: '9c1e4b7a-2f3d-4e6a-8b0c-5d7f1a3e9b24',
    stream_id: 'Jp4tW8xLRcy2mN6vB0kQ3g',
    stream_name: 'Keynote camera feed',
    user_key: 'support-agent-17',
    address: '1 Harbour Street',
    city: 'Seattle',
    country: 'US',
    zip: '98101',
    state: 'WA',
    alternative_hosts: IDENTITY.userEmail,
    call_type: 'voip',
    callee_extension_type: 'user',
    extension_type: 'user',
    client_type: 'mac',
    cmd: '/release status',
    comments: 'Audio was clear throughout.',
    creation_source: 'web_portal',
    creation_type: 'Normal',
    deliver_to: 'all',
    desc: 'Release planning for the 3.2 cycle',
    device_ip: '203.0.113.24',
    device_name: 'Yealink T54W',
    device_type: 'desk_phone',
    mac_address: '80:5e:c0:2a:91:4b',
    direction: 'outbound',
    emoji: '👍',
    free_storage: '28.5 GB',
    plan_storage: '30 GB',
    storage_used: '1.5 GB',
    storage_exceed: 'No',
    plan_type: 'Business',
    industry: 'Software',
    job_title: 'Engineering Manager',
    no_of_employees: '51-250',
    purchasing_time_frame: 'Within 3 months',
    role_in_purchase_process: 'Decision Maker',
    org: 'Northwind Labs',
    key: 'release_status',
    label: 'Release status',
    link: 'https://northwindlabs.io/releases/3.2',
    page_url: 'https://northwindlabs.io/releases/3.2',
    link_source: 'message',
    response_url: 'https://northwindlabs.io/zoom/actions',
    issues: 'Unstable audio quality',
    new_role: 'co-host',
    old_role: 'attendee',
    next_steps: 'Publish the release notes on Monday.',
    summary: 'The team agreed to ship 3.2 on Monday.',
    summary_title: 'Weekly release planning summary',
    operation: verb.includes('delete') ? 'delete' : verb.includes('add') ? 'add' : 'update',
    origin: 'web',
    path: '/recordings/2026-11-30',
    personal_notes: 'Out until Monday',
    policy_name: 'Finance and sales separation',
    presence_status: 'Available',
    recipient_type: 'channel',
    result: resultFor(verb),
    router: 'zoom',
    sender: IDENTITY.hostEmail,
    sender_type: 'user',
    service: 'YouTube',
    sip_id: '16175550123@10.0.12.4',
    source: 'web',
    space_id: 'Mq8bT2cWRz6sV0nE4aHkYg',
    space_name: 'Northwind partners',
    status: statusFor(event),
    stream_key: 'f7kq-2m9x-8b1w-c4vz',
    stream_url: 'rtmp://a.rtmp.youtube.com/live2',
    target: 'channel',
    toJid: `${IDENTITY.channelId}@conference.xmpp.zoom.us`,
    userJid: 'kdyk0ufnqq6e2lymher1rq@xmpp.zoom.us',
    robotJid: IDENTITY.robotJid,
    trigger_id: 'zQ0aVb8XS7ybE4oHmN2pLw',
    triggerId: 'zQ0aVb8XS7ybE4oHmN2pLw',
    value: 'ready',
    currentValue: 'ready',
    newValue: 'shipped',
    original: 'ready',
    vanity_url: 'northwindlabs.zoom.us',
    version: '6.2.5',
    recording_type: 'shared_screen_with_speaker_view',
    emoji_time: iso(TIMES.eventMs),
    file_link: 'https://file.zoom.us/file/Wf9lxPqhQ9yb2RvcT0m1kA',
  };
  return table[name];
}

function resultFor(verb: string): string {
  if (/missed/.test(verb)) return 'Call Missed';
  if (/rejected/.test(verb)) return 'Call Rejected';
  if (/fail/.test(verb)) return 'failed';
  return 'Call connected';
}

/** A status that matches the event: a completed recording is `completed`, a deactivated user `inactive`. */
export function statusFor(event: string): string {
  const verb = action(event);
  if (/completed/.test(verb)) return 'completed';
  if (/deactivated/.test(verb)) return 'inactive';
  if (/activated|created|invitation_accepted/.test(verb) && family(event) === 'user') return 'active';
  if (/approved/.test(verb)) return 'approved';
  if (/denied|rejected/.test(verb)) return 'denied';
  if (/cancelled/.test(verb)) return 'cancelled';
  if (/fail/.test(verb)) return 'failed';
  if (/deleted|trashed/.test(verb)) return 'deleted';
  if (/started|joined|ringing|connected|answered/.test(verb)) return 'started';
  if (/ended|left|stopped/.test(verb)) return 'ended';
  return 'completed';
}
