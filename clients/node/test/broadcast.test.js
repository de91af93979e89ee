'use strict';

// Broadcast channels and Live Activity pushes against the live gateway, and the broadcast example in its own process.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const pushgrpc = require('../src');
const { env, token, alert, deadline, runExample } = require('./helpers');

const NO_MESSAGE_STORED = 'MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED';
const MOST_RECENT_MESSAGE_STORED = 'MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED';
const ACCEPTED = 'DELIVERY_STATUS_ACCEPTED';

const pushToStart = (id, ...deviceTokens) => pushgrpc.pushToStartNotification({
  id,
  app: 'demo',
  deviceTokens,
  attributesType: 'MatchAttributes',
  attributes: { home: 'Lions', away: 'Tigers' },
  contentState: { score: '0-0' },
  alert: { title: 'Kick-off', body: 'Lions v Tigers' },
});

describe('broadcast channels', () => {
  let client;
  const created = []; // deleted after the tests, so a failed test leaves no channel behind
  before(() => { client = pushgrpc.connect(env('PUSHGRPC_ADDRESS')); });
  after(async () => {
    for (const id of created) await client.deleteChannel('demo', id, { deadline: deadline() });
    client.close();
  });

  async function createChannel(policy) {
    const { result, channel } = await client.createChannel('demo', policy, { deadline: deadline() });
    assert.equal(result.status, ACCEPTED, result.message);
    assert.ok(channel.id);
    assert.equal(channel.messageStoragePolicy, policy);
    created.push(channel.id);
    return channel.id;
  }

  it('creates, lists, broadcasts to, reads and deletes a channel', async () => {
    const channelId = await createChannel(NO_MESSAGE_STORED);

    const list = await client.listChannels('demo', { deadline: deadline() });
    assert.equal(list.result.status, ACCEPTED);
    assert.ok(list.channelIds.includes(channelId));

    const r = await client.broadcast(
      { id: 'b1', app: 'demo', channelId, contentState: { score: '1-0', minute: 12 } }, { deadline: deadline() });
    assert.deepEqual([r.status, r.notificationId, r.channelId, r.deviceToken], [ACCEPTED, 'b1', channelId, '']);
    assert.ok(r.apnsRequestId);

    const got = await client.getChannel('demo', channelId, { deadline: deadline() });
    assert.equal(got.result.status, ACCEPTED);
    assert.deepEqual([got.channel.id, got.channel.messageStoragePolicy], [channelId, NO_MESSAGE_STORED]);

    const deleted = await client.deleteChannel('demo', channelId, { deadline: deadline() });
    assert.equal(deleted.result.status, ACCEPTED);
    created.splice(created.indexOf(channelId), 1);

    const gone = await client.getChannel('demo', channelId, { deadline: deadline() });
    assert.deepEqual([gone.result.status, gone.result.reason], ['DELIVERY_STATUS_REJECTED', 'ChannelNotRegistered']);
  });

  it('refuses a non-zero expiration on a no-message-stored channel before sending', async () => {
    const channelId = await createChannel(NO_MESSAGE_STORED);
    const expiration = Math.floor(Date.now() / 1000) + 3600;
    const r = await client.broadcast({ app: 'demo', channelId, contentState: { score: '1-0' }, expiration },
      { deadline: deadline() });
    assert.equal(r.status, 'DELIVERY_STATUS_INVALID');
    assert.match(r.message, /expiration/);
  });

  it('ends an activity on a most-recent-message channel with an expiration', async () => {
    const channelId = await createChannel(MOST_RECENT_MESSAGE_STORED);
    const expiration = Math.floor(Date.now() / 1000) + 3600;
    const r = await client.broadcast({
      app: 'demo', channelId, event: 'end', contentState: { score: '2-1' }, dismissalDate: new Date(), expiration,
    }, { deadline: deadline() });
    assert.deepEqual([r.status, r.channelId], [ACCEPTED, channelId], r.message);
  });

  it('streams a broadcast beside a notification to a device token', async () => {
    const channelId = await createChannel(NO_MESSAGE_STORED);
    const notifications = [
      pushgrpc.broadcastNotification({ id: 's-channel', app: 'demo', channelId, contentState: { score: '3-1' } }),
      alert('s-token', token(600)),
    ];
    const results = new Map();
    for await (const { result } of client.sendStream(notifications, { deadline: deadline() })) {
      results.set(result.notificationId, result);
    }
    assert.deepEqual([...results.keys()].sort(), ['s-channel', 's-token']);
    const broadcast = results.get('s-channel');
    assert.deepEqual([broadcast.status, broadcast.channelId], [ACCEPTED, channelId]);
    assert.ok(broadcast.apnsRequestId);
    assert.deepEqual([results.get('s-token').status, results.get('s-token').deviceToken], [ACCEPTED, token(600)]);
  });

  it('starts an activity with push-to-start', async () => {
    const n = pushToStart('start', token(601));
    n.aps.inputPushToken = true;
    const [r, ...rest] = await client.send(n, { deadline: deadline() });
    assert.equal(rest.length, 0);
    assert.deepEqual([r.status, r.deviceToken], [ACCEPTED, token(601)], r.message);
  });

  it('refuses a push-to-start without attributes_type', async () => {
    const n = pushToStart('start-untyped', token(602));
    delete n.aps.attributesType;
    const [r] = await client.send(n, { deadline: deadline() });
    assert.equal(r.status, 'DELIVERY_STATUS_INVALID');
    assert.match(r.message, /aps\.attributes_type/);
  });

  it('does not build a broadcast that starts an activity', () => {
    assert.throws(
      () => pushgrpc.broadcastNotification({ app: 'demo', channelId: 'c', event: 'start', contentState: {} }),
      RangeError);
  });
});

describe('the broadcast example', () => {
  const run = (args) => runExample('broadcast', ['--address', env('PUSHGRPC_ADDRESS'), ...args]);

  it('creates a channel, updates, ends and deletes; then the channel is gone', async () => {
    const ok = await run(['--app', 'demo', '--storage', 'most-recent-message-stored',
      '--content-state', '{"score":"1-0"}', '--title', 'Goal', '--body', 'Lions lead', '--end', '--delete']);
    assert.equal(ok.code, 0, ok.stderr);
    const lines = ok.stdout.split('\n');
    assert.equal(lines.length, 6, ok.stdout); // five lines and the final newline
    assert.match(lines[0], /^create: ACCEPTED apns-request-id=\S+$/);
    const channelId = lines[1].match(/^channel: (\S+)$/)[1];
    assert.match(lines[2], /^update: ACCEPTED apns-request-id=\S+$/);
    assert.match(lines[3], /^end: ACCEPTED apns-request-id=\S+$/);
    assert.match(lines[4], /^delete: ACCEPTED apns-request-id=\S+$/);

    const again = await run(['--channel', channelId, '--content-state', '{"score":"1-1"}']);
    assert.equal(again.code, 1);
    const [channelLine, updateLine, ...rest] = again.stdout.split('\n');
    assert.equal(channelLine, `channel: ${channelId}`);
    // The gateway reads the channel's storage policy before broadcasting; that read is what APNs refuses.
    assert.match(updateLine,
      /^update: REJECTED apns-request-id=\S+ http=400 reason=ChannelNotRegistered message=".+"$/);
    assert.deepEqual(rest, ['']);
  });
});
