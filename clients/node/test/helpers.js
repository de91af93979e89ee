'use strict';

// Shared by the tests, which call a live gateway with its embedded APNs simulator (app "demo"). clients/node/test.sh
// gets one from scripts/gateway.sh through PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE.

const { execFile } = require('node:child_process');
const path = require('node:path');

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run clients/node/test.sh against a gateway started by scripts/gateway.sh`);
  return value;
}

/** A distinct 64-hex-character token that the simulator accepts. */
const token = (i) => (0xc000000 + i).toString(16).padStart(64, '0');

/** The simulator answers 400 BadDeviceToken. */
const BAD_DEVICE_TOKEN = `ffffffff0400${'0'.repeat(52)}`;

const alert = (id, ...deviceTokens) => ({
  id, app: 'demo', deviceTokens, aps: { alert: { title: 'Hello', body: 'from Node' } },
});

/** A deadline 60 s from now, so a hung gateway fails the test instead of stalling it. */
const deadline = () => Date.now() + 60_000;

/** Runs examples/<name>.js as a user would, in its own process; resolves to {code, stdout, stderr}. */
const runExample = (name, args) => new Promise((resolve) => {
  execFile(process.execPath, [path.join(__dirname, '..', 'examples', `${name}.js`), ...args], { timeout: 60_000 },
    (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
});

module.exports = { env, token, BAD_DEVICE_TOKEN, alert, deadline, runExample };
