#!/usr/bin/env node
'use strict';

// Updates a Live Activity through a broadcast channel: creates a channel (or uses --channel), broadcasts an update
// with the given content state, then optionally ends the activity and deletes the channel, printing each result:
//
//   node examples/broadcast.js --address localhost:50051 --content-state '{"score":"2-1"}' --end --delete
//
// Exits 0 when every step was accepted, 1 when one was not (or on a transport or gRPC error), 2 on bad arguments.

const { parseArgs } = require('node:util');
const { CONNECTION_OPTIONS, connect } = require('./connection');

const USAGE = `usage: broadcast --content-state JSON [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME]
                 [--channel ID | --storage no-message-stored|most-recent-message-stored] [--title T] [--body B]
                 [--end] [--delete]`;

const POLICIES = {
  'no-message-stored': 'MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED',
  'most-recent-message-stored': 'MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED',
};

function parse(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      channel: { type: 'string' },
      storage: { type: 'string', default: 'no-message-stored' },
      'content-state': { type: 'string' },
      title: { type: 'string' },
      body: { type: 'string' },
      end: { type: 'boolean', default: false },
      delete: { type: 'boolean', default: false },
    },
  });
  if (!values['content-state']) throw new Error('--content-state JSON is required');
  const contentState = JSON.parse(values['content-state']);
  if (contentState === null || typeof contentState !== 'object' || Array.isArray(contentState)) {
    throw new Error('--content-state must be a JSON object');
  }
  if (!(values.storage in POLICIES)) throw new Error(`unknown --storage '${values.storage}'`);
  const alert = values.title || values.body ? { title: values.title ?? '', body: values.body ?? '' } : undefined;
  return { ...values, contentState, alert };
}

// "ACCEPTED apns-request-id=...", or the status with what APNs or the gateway said.
function describe(result) {
  const parts = [result.status.replace(/^DELIVERY_STATUS_/, '')];
  if (result.apnsRequestId) parts.push(`apns-request-id=${result.apnsRequestId}`);
  if (result.status !== 'DELIVERY_STATUS_ACCEPTED') {
    if (result.httpStatus) parts.push(`http=${result.httpStatus}`);
    if (result.reason) parts.push(`reason=${result.reason}`);
    if (result.message) parts.push(`message=${JSON.stringify(result.message)}`);
  }
  return parts.join(' ');
}

async function run(client, args) {
  const accepted = (step, result) => {
    console.log(`${step}: ${describe(result)}`);
    return result.status === 'DELIVERY_STATUS_ACCEPTED';
  };

  let channelId = args.channel;
  if (!channelId) {
    const { result, channel } = await client.createChannel(args.app, POLICIES[args.storage]);
    if (!accepted('create', result)) return 1;
    channelId = channel.id;
  }
  console.log(`channel: ${channelId}`);

  const broadcast = { app: args.app, channelId, contentState: args.contentState, alert: args.alert };
  if (!accepted('update', await client.broadcast(broadcast))) return 1;
  if (args.end && !accepted('end', await client.broadcast({ ...broadcast, event: 'end' }))) return 1;
  if (args.delete && !accepted('delete', (await client.deleteChannel(args.app, channelId)).result)) return 1;
  return 0;
}

async function main(argv) {
  let args;
  try {
    args = parse(argv);
  } catch (err) {
    console.error(`broadcast: ${err.message}\n${USAGE}`);
    return 2;
  }
  const client = connect(args);
  try {
    return await run(client, args);
  } catch (err) {
    console.error(`broadcast: ${err.message}`);
    return 1;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
