'use strict';
// npm APNs clients driven at bounded concurrency against the simulator; one JSON result (same shape as the C#
// RunResult) is written to --out. Usage (the orchestrator passes these):
//   node peer.js --lib node-apn|apns2 --n 200000 --concurrency 100 [--clients 1] --host 127.0.0.1 --port 443
//     --ca ca.pem --key key.p8 --team TEAM --kid KEY --topic com.x --warmup 20000 --measure simulator=PID --out f.json
// apns2 has no port option (always 443) and trusts NODE_EXTRA_CA_CERTS; node-apn takes address/port/ca.
const fs = require('fs');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const n = parseInt(args.n || '200000', 10);
const concurrency = parseInt(args.concurrency || '100', 10);
const clients = parseInt(args.clients || '1', 10);
const warmup = parseInt(args.warmup || String(Math.min(Math.max(Math.floor(n / 2), 1000), 100000)), 10);
const TITLE = 'Bench';
const BODY = 'Hello from the PushGrpc benchmark';

function readCpu(pid) {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { user: Number(rest[11]) / 100, system: Number(rest[12]) / 100 };
}
function readHwmMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}
function sampler(spec) {
  const pids = {};
  for (const part of (spec || '').split(',').filter(Boolean)) {
    const [role, pid] = part.split('=');
    pids[role] = pid === 'self' ? process.pid : Number(pid);
  }
  const start = {};
  return {
    start() { for (const [r, p] of Object.entries(pids)) start[r] = readCpu(p); },
    stop() {
      const out = {};
      for (const [r, p] of Object.entries(pids)) {
        const e = readCpu(p);
        const u = e.user - start[r].user, s = e.system - start[r].system;
        out[r] = { pid: p, cpuSeconds: u + s, userSeconds: u, systemSeconds: s, peakRssMb: readHwmMb(p) };
      }
      return out;
    },
  };
}

// Random 64-hex tokens whose first byte is below 0x80 (never a simulator magic token).
function tokens(count) {
  const crypto = require('crypto');
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const b = crypto.randomBytes(32);
    b[0] &= 0x7f;
    out[i] = b.toString('hex');
  }
  return out;
}

function makeSender() {
  if (args.lib === 'node-apn') {
    const apn = require('@parse/node-apn');
    const options = {
      token: { key: fs.readFileSync(args.key, 'utf8'), keyId: args.kid, teamId: args.team },
      address: args.host, port: Number(args.port), ca: fs.readFileSync(args.ca, 'utf8'), production: false,
      requestTimeout: 30000,
    };
    const provider = clients > 1 ? new apn.MultiProvider({ ...options, clientCount: clients }) : new apn.Provider(options);
    return {
      settings: `${clients > 1 ? `MultiProvider clientCount ${clients}` : 'one Provider (one HTTP/2 session)'}, ${concurrency} in flight`,
      async send(token) {
        const note = new apn.Notification();
        note.alert = { title: TITLE, body: BODY };
        note.topic = args.topic;
        const r = await provider.send(note, token);
        if (r.sent.length === 1) return 'Accepted';
        const f = r.failed[0] || {};
        return `Failed ${f.status || ''} ${(f.response && f.response.reason) || (f.error && f.error.message) || ''}`;
      },
      close() { provider.shutdown(); },
    };
  }
  if (args.lib === 'apns2') {
    const { ApnsClient, Notification } = require('apns2');
    const client = new ApnsClient({
      team: args.team, keyId: args.kid, signingKey: fs.readFileSync(args.key, 'utf8'),
      defaultTopic: args.topic, host: args.host,
    });
    return {
      settings: `ApnsClient (undici Pool: 32 connections, fixed by apns2), ${concurrency} in flight`,
      async send(token) {
        try {
          await client.send(new Notification(token, { alert: { title: TITLE, body: BODY } }));
          return 'Accepted';
        } catch (e) {
          return `Failed ${e.statusCode || ''} ${e.reason || (e.error && e.error.message) || e.message || ''}`;
        }
      },
      close() { return client.close(); },
    };
  }
  throw new Error(`--lib must be node-apn or apns2 (got ${args.lib})`);
}

async function phase(sender, count) {
  const toks = tokens(count);
  const latency = new Float64Array(count);
  const statuses = {};
  let next = 0, done = 0, accepted = 0;
  const start = process.hrtime.bigint();
  async function worker() {
    while (next < count) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const status = await sender.send(toks[i]);
      latency[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      done++;
      if (status === 'Accepted') accepted++;
      statuses[status] = (statuses[status] || 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  latency.sort();
  const at = (p) => latency[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))];
  let sum = 0;
  for (let i = 0; i < count; i++) sum += latency[i];
  return {
    n: count, results: done, accepted, statuses, elapsedSeconds: elapsed, throughput: done / elapsed,
    p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), p999Ms: at(0.999), meanMs: sum / count, maxOutstanding: concurrency,
  };
}

(async () => {
  const sender = makeSender();
  if (warmup > 0) {
    const w = await phase(sender, warmup);
    console.error(`warm-up: ${w.results}/${warmup}, ${w.accepted} accepted, ${w.throughput.toFixed(0)}/s ${JSON.stringify(w.statuses)}`);
  }
  const s = sampler(args.measure);
  s.start();
  const result = await phase(sender, n);
  result.processes = s.stop();
  result.system = args.lib;
  result.settings = sender.settings;
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
  console.error(`${args.lib}: ${result.results}/${n}, ${result.accepted} accepted, ${result.throughput.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms ${JSON.stringify(result.statuses)}`);
  await sender.close();
  process.exit(result.results === n && result.accepted === n ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
