'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const pushgrpc = require('../src');
const { env, token, BAD_DEVICE_TOKEN, alert, deadline } = require('./helpers');

describe('h2c', () => {
  let client;
  before(() => { client = pushgrpc.connect(env('PUSHGRPC_ADDRESS')); });
  after(() => client.close());

  it('sends to a single token', async () => {
    const [r, ...rest] = await client.send(alert('single', token(1)), { deadline: deadline() });
    assert.equal(rest.length, 0);
    assert.equal(r.status, 'DELIVERY_STATUS_ACCEPTED');
    assert.deepEqual([r.notificationId, r.deviceToken, r.httpStatus], ['single', token(1), 200]);
    assert.ok(r.apnsId);
  });

  it('multicasts with results in token order', async () => {
    const tokens = [token(11), token(12), token(13)];
    const results = await client.send(alert('multi', ...tokens), { deadline: deadline() });
    assert.deepEqual(results.map((r) => r.deviceToken), tokens);
    assert.deepEqual(results.map((r) => r.status), Array(3).fill('DELIVERY_STATUS_ACCEPTED'));
  });

  it('reports REJECTED BadDeviceToken', async () => {
    const [r] = await client.send(alert('bad', BAD_DEVICE_TOKEN), { deadline: deadline() });
    assert.deepEqual([r.status, r.reason, r.httpStatus], ['DELIVERY_STATUS_REJECTED', 'BadDeviceToken', 400]);
  });

  it('reports INVALID naming the field', async () => {
    const [r] = await client.send(alert('short', 'abc'), { deadline: deadline() });
    assert.equal(r.status, 'DELIVERY_STATUS_INVALID');
    assert.match(r.message, /device_tokens\[0\]/);
  });

  it('fails a Send without notification with INVALID_ARGUMENT', async () => {
    await assert.rejects(client.send(undefined, { deadline: deadline() }), (err) => {
      assert.equal(err.code, pushgrpc.status.INVALID_ARGUMENT);
      return true;
    });
  });

  it('streams 10,000 notifications with one INVALID in the middle', async () => {
    const total = 10_000;
    const bad = 5_000;
    function* notifications() {
      for (let i = 1; i <= total; i++) yield alert(`n${i}`, i === bad ? 'abc' : token(100_000 + i));
    }
    const seen = new Set();
    const invalid = [];
    for await (const { notification, result } of client.sendStream(notifications(), { window: 1000, deadline: deadline() })) {
      assert.deepEqual([notification.id, notification.deviceTokens[0]], [result.notificationId, result.deviceToken]);
      assert.ok(!seen.has(result.notificationId), `second result for ${result.notificationId}`);
      seen.add(result.notificationId);
      if (result.status === 'DELIVERY_STATUS_INVALID') invalid.push(result.notificationId);
      else assert.equal(result.status, 'DELIVERY_STATUS_ACCEPTED');
    }
    assert.equal(seen.size, total);
    assert.deepEqual(invalid, [`n${bad}`]);
  });

  it('hands an error of the input to the caller', async () => {
    async function* notifications() {
      yield alert('ok', token(41));
      throw new Error('token source broke');
    }
    await assert.rejects(async () => {
      for await (const _ of client.sendStream(notifications(), { deadline: deadline() }));
    }, /token source broke/);
  });
});

describe('TLS', () => {
  it('sends over TLS with the CA file', async () => {
    const client = pushgrpc.connect(env('PUSHGRPC_TLS_ADDRESS'), { tls: true, caFile: env('PUSHGRPC_CA_FILE') });
    try {
      const [r] = await client.send(alert('tls', token(21)), { deadline: deadline() });
      assert.equal(r.status, 'DELIVERY_STATUS_ACCEPTED');
    } finally {
      client.close();
    }
  });
});

describe('the grpc-js clients', () => {
  it('share one channel, and getChannel() is grpc-js\'s, not the GetChannel RPC', () => {
    const client = pushgrpc.connect(env('PUSHGRPC_ADDRESS')); // connects on the first call: none is made
    try {
      assert.equal(client.channelStub.getChannel(), client.stub.getChannel());
      assert.equal(typeof client.channelStub.GetChannel, 'function');
      assert.equal(typeof client.channelStub.listChannels, 'function'); // the other lowerCamelCase names stay
    } finally {
      client.close();
    }
  });
});
