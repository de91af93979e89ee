'use strict';

// PushGrpc client for Node.js:
//
//   const pushgrpc = require('pushgrpc');
//   const client = pushgrpc.connect('localhost:50051');
//   const [result] = await client.send({ id: 'n1', app: 'demo', deviceTokens: [token], aps: { alert: { body: 'Hi' } } });
//   const { channel } = await client.createChannel('demo', 'MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED');
//   await client.broadcast({ app: 'demo', channelId: channel.id, contentState: { score: '2-1' } });
//   client.close();

const grpc = require('@grpc/grpc-js');
const client = require('./client');
const liveActivity = require('./live-activity');

module.exports = {
  ...client,
  ...liveActivity,
  /** grpc.status codes, to compare with a ServiceError's code. */
  status: grpc.status,
};
