#!/usr/bin/env node
'use strict';

// Streams one notification per device token in a file through PushService.SendStream and prints a summary:
//
//   node examples/send.js --address localhost:50051 --tokens tokens.txt --title Hello --body World
//
// Exits 0 whatever the results are, 1 on a transport or gRPC error (2 on bad arguments).

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const pushgrpc = require('../src');
const { CONNECTION_OPTIONS, connect } = require('./connection');

const USAGE = `usage: send --tokens FILE [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] [--title T] [--body B]
            [--push-type alert|background|voip|...] [--window N]`;

function parse(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      tokens: { type: 'string' },
      title: { type: 'string', default: '' },
      body: { type: 'string', default: '' },
      'push-type': { type: 'string', default: 'alert' },
      window: { type: 'string', default: String(pushgrpc.DEFAULT_WINDOW) },
    },
  });
  const window = Number(values.window);
  if (!values.tokens) throw new Error('--tokens FILE is required');
  if (!Number.isInteger(window) || window < 1) throw new Error('--window must be a positive integer');
  const pushType = `PUSH_TYPE_${values['push-type'].toUpperCase()}`;
  const known = pushgrpc.packageDefinition['pushgrpc.v1.PushType'].type.value.map((v) => v.name);
  if (!known.includes(pushType)) {
    throw new Error(`unknown --push-type '${values['push-type']}'`);
  }
  return { ...values, window, pushType };
}

async function main(argv) {
  let args;
  let tokens;
  try {
    args = parse(argv);
    tokens = fs.readFileSync(args.tokens, 'utf8').split('\n').map((t) => t.trim()).filter((t) => t !== '');
  } catch (err) {
    console.error(`send: ${err.message}\n${USAGE}`);
    return 2;
  }
  const aps = args.pushType === 'PUSH_TYPE_BACKGROUND'
    ? { contentAvailable: true } // a background push may carry no alert
    : { alert: { title: args.title, body: args.body } };
  const notifications = tokens.map((token, i) => ({
    id: `n${i + 1}`, app: args.app, deviceTokens: [token], pushType: args.pushType, aps,
  }));

  const counts = { DELIVERY_STATUS_ACCEPTED: 0, DELIVERY_STATUS_REJECTED: 0, DELIVERY_STATUS_FAILED: 0, DELIVERY_STATUS_INVALID: 0 };
  const reasons = new Map();
  const client = connect(args);
  try {
    for await (const { result } of client.sendStream(notifications, { window: args.window })) {
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      if (result.status === 'DELIVERY_STATUS_REJECTED') {
        const reason = result.reason || 'unknown';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  } catch (err) {
    console.error(`send: ${err.message}`);
    return 1;
  } finally {
    client.close();
  }

  const lines = [`sent: ${tokens.length}`, `accepted: ${counts.DELIVERY_STATUS_ACCEPTED}`];
  if (counts.DELIVERY_STATUS_REJECTED > 0) {
    const byReason = [...reasons].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => `${name}: ${n}`);
    lines.push(`rejected: ${counts.DELIVERY_STATUS_REJECTED} (${byReason.join(', ')})`);
  }
  lines.push(`failed: ${counts.DELIVERY_STATUS_FAILED}`, `invalid: ${counts.DELIVERY_STATUS_INVALID}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
