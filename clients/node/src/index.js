'use strict';

// PushGrpc client for Node.js:
//
//   const pushgrpc = require('pushgrpc');
//   const client = pushgrpc.connect('localhost:50051');
//   const [result] = await client.send({ id: 'n1', app: 'demo', deviceTokens: [token], aps: { alert: { body: 'Hi' } } });
//   client.close();

const grpc = require('@grpc/grpc-js');
const client = require('./client');

module.exports = {
  ...client,
  /** grpc.status codes, to compare with a ServiceError's code. */
  status: grpc.status,
};
