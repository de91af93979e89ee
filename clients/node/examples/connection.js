'use strict';

// The flags every example takes to reach the gateway, so that they read the same in each.

const pushgrpc = require('../src');

/** node:util parseArgs options: --address HOST:PORT, --tls, --ca FILE, --app NAME. */
const CONNECTION_OPTIONS = {
  address: { type: 'string', default: 'localhost:50051' },
  tls: { type: 'boolean', default: false },
  ca: { type: 'string' },
  app: { type: 'string', default: 'demo' },
};

/** A client for the parsed connection flags. */
function connect({ address, tls, ca }) {
  return pushgrpc.connect(address, { tls, caFile: ca });
}

module.exports = { CONNECTION_OPTIONS, connect };
