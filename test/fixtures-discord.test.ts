import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discord } from '../src/providers/discord/index.ts';
import { isJsonObject, type JsonObject } from '../src/providers/parse.ts';
import { seededContext } from './helpers/context.ts';

// Every Discord fixture as hookctl sends it, checked against Discord's documented objects (there is no
// machine-readable schema in node_modules: discord-api-types is not installed) and for one identity.
// Sources: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object and
// https://discord.com/developers/docs/events/webhook-events (structures and examples).

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const APPLICATION = '1118468057828795059';
const GUILD = '816364280986209345';
const SNOWFLAKE = /^\d{17,20}$/;
const DISCORD_EPOCH = 1_420_070_400_000;

async function rendered(): Promise<Array<[string, JsonObject]>> {
  const out: Array<[string, JsonObject]> = [];
  for (const { event } of await discord.fixtures()) {
    const context = seededContext(NOW, `truth:${event}`);
    const payload = await discord.payload(event, context);
    assert.ok(payload, event);
    // From the wire: what the app parses.
    out.push([event, JSON.parse(discord.encode(event, payload, context).body.toString()) as JsonObject]);
  }
  return out;
}

/** Every [path, value] pair under `value`. */
function walk(value: unknown, path = '$'): Array<[string, unknown]> {
  const here: Array<[string, unknown]> = [[path, value]];
  if (Array.isArray(value))
    return here.concat(value.flatMap((item, index) => walk(item, `${path}[${index}]`)));
  if (isJsonObject(value))
    return here.concat(Object.entries(value).flatMap(([key, item]) => walk(item, `${path}.${key}`)));
  return here;
}

const need = (object: unknown, fields: string[], where: string): string[] =>
  isJsonObject(object)
    ? fields.filter((field) => !(field in object)).map((field) => `${where} lacks ${field}`)
    : [`${where} is not an object`];

const USER = ['id', 'username', 'discriminator', 'global_name', 'avatar'];
const INTERACTION = ['id', 'application_id', 'type', 'token', 'version'];
// "Available on all interaction types except PING" and the guild context fields.
const IN_GUILD = [
  'data',
  'app_permissions',
  'entitlements',
  'authorizing_integration_owners',
  'context',
  'attachment_size_limit',
  'locale',
  'guild_locale',
  'guild_id',
  'channel',
  'channel_id',
  'member',
];
const LOBBY_MESSAGE = ['id', 'type', 'content', 'lobby_id', 'channel_id', 'author', 'flags'];
const TYPES: Record<string, number> = {
  PING: 1,
  APPLICATION_COMMAND: 2,
  MESSAGE_COMPONENT: 3,
  APPLICATION_COMMAND_AUTOCOMPLETE: 4,
  MODAL_SUBMIT: 5,
};

/** The documented structure of each event, and the state its name implies. */
function problems(event: string, body: JsonObject): string[] {
  const found: string[] = [];
  const type = TYPES[event];
  if (type !== undefined) {
    found.push(...need(body, INTERACTION, event));
    if (body.type !== type) found.push(`${event}: type ${body.type}, not ${type}`);
    if (body.version !== 1) found.push(`${event}: version is always 1`);
    if (!String(body.token).startsWith('aW50ZXJhY3Rpb246'))
      found.push(`${event}: token is not an interaction token`);
    if (type === 1) return found;
    found.push(
      ...need(body, IN_GUILD, event),
      ...need((body.member as JsonObject)?.user, USER, `${event}.member.user`),
    );
    if ((body.channel as JsonObject)?.id !== body.channel_id)
      found.push(`${event}: channel.id is not channel_id`);
    const data = body.data as JsonObject;
    if (type === 2 || type === 4)
      found.push(...need(data, ['id', 'name', 'type', 'options'], `${event}.data`));
    const options = (data?.options ?? []) as JsonObject[];
    const focused = options.filter((option) => option.focused === true).length;
    if (type === 4 && focused !== 1)
      found.push(`${event}: autocomplete has ${focused} focused options, not 1`);
    if (type === 2 && focused !== 0) found.push(`${event}: a command run has no focused option`);
    if (type === 3 || type === 5) {
      found.push(
        ...need(
          data,
          type === 3 ? ['custom_id', 'component_type'] : ['custom_id', 'components'],
          `${event}.data`,
        ),
      );
      found.push(...need(body.message, ['id', 'author', 'components'], `${event}.message`));
    }
    if (type === 3) {
      const ids = walk(body.message)
        .filter(([path]) => path.endsWith('.custom_id'))
        .map(([, value]) => value);
      if (!ids.includes(data?.custom_id)) found.push(`${event}: the clicked custom_id is not on the message`);
    }
    return found;
  }
  found.push(...need(body, ['version', 'application_id', 'type', 'event'], event));
  const inner = body.event as JsonObject;
  if (body.type !== 1 || inner?.type !== event)
    found.push(`${event}: envelope type ${body.type}, event ${inner?.type}`);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(String(inner?.timestamp))) {
    found.push(`${event}: event.timestamp ${inner?.timestamp} is not Discord's ISO 8601 with microseconds`);
  }
  const data = inner?.data as JsonObject | undefined;
  if (event === 'QUEST_USER_ENROLLMENT')
    return data === undefined ? found : [...found, `${event}: Discord documents no data`];
  if (event.startsWith('APPLICATION_')) found.push(...need(data?.user, USER, `${event}.data.user`));
  if (event === 'APPLICATION_AUTHORIZED') {
    if (!Array.isArray(data?.scopes) || data.scopes.length === 0)
      found.push(`${event}: no scopes authorized`);
    if (data?.integration_type === 0 && data.guild === undefined)
      found.push(`${event}: a server install names its guild`);
  }
  if (event === 'ENTITLEMENT_CREATE') {
    found.push(
      ...need(data, ['id', 'sku_id', 'application_id', 'user_id', 'type', 'deleted', 'consumed'], event),
    );
    if (data?.deleted !== false || data?.consumed !== false)
      found.push(`${event}: a new entitlement is neither deleted nor consumed`);
  }
  if (event === 'LOBBY_MESSAGE_DELETE') found.push(...need(data, ['id', 'lobby_id'], event));
  else if (event.startsWith('LOBBY_MESSAGE_')) found.push(...need(data, LOBBY_MESSAGE, event));
  if (event.startsWith('GAME_DIRECT_MESSAGE_'))
    found.push(...need(data, ['id', 'channel_id', 'author', 'content'], event));
  if (event === 'LOBBY_MESSAGE_UPDATE' && typeof data?.edited_timestamp !== 'string')
    found.push(`${event}: not edited`);
  const author = data?.author;
  if (author !== undefined) found.push(...need(author, USER, `${event}.data.author`));
  return found;
}

describe('discord fixtures are true to Discord', async () => {
  const fixtures = await rendered();

  it('each has the structure Discord documents for it, in the state its name says', () => {
    assert.deepEqual(
      fixtures.flatMap(([event, body]) => problems(event, body)),
      [],
    );
  });

  it('one application and one server across all of them; ids are snowflakes made after 2015 and before now', () => {
    const found: string[] = [];
    for (const [event, body] of fixtures) {
      for (const [path, value] of walk(body)) {
        const key = path.split('.').at(-1) ?? '';
        if (key === 'application_id' && value !== APPLICATION) found.push(`${event} ${path}: ${value}`);
        if (key === 'guild_id' && value !== GUILD) found.push(`${event} ${path}: ${value}`);
        if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string' && !/custom_id$/.test(key)) {
          const ms = Number(BigInt(value) >> 22n) + DISCORD_EPOCH;
          if (!SNOWFLAKE.test(value) || ms > NOW || ms < Date.UTC(2015, 4, 1))
            found.push(`${event} ${path}: ${value}`);
        }
      }
    }
    assert.deepEqual(found, []);
  });

  it('no placeholders: no value is its own key, none is xxx, string, example or test', () => {
    const found: string[] = [];
    for (const [event, body] of fixtures) {
      for (const [path, value] of walk(body)) {
        const key = path.split('.').at(-1);
        if (typeof value !== 'string') continue;
        if (value === key || /^(x{3,}|string|example|test|foo|bar|todo)$/i.test(value))
          found.push(`${event} ${path}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('each trigger is a new interaction: fresh id and token, the same templates otherwise', async () => {
    const first = await discord.payload('APPLICATION_COMMAND', seededContext(NOW, 'a'));
    const second = await discord.payload('APPLICATION_COMMAND', seededContext(NOW + 1000, 'b'));
    assert.notEqual(first?.id, second?.id);
    assert.notEqual(first?.token, second?.token);
    assert.deepEqual(first?.data, second?.data);
  });
});
