'use strict';

// The PushGrpc client: a channel to the gateway, unary Send, SendStream with a bounded window, Live Activity
// broadcasts and the ChannelService calls that manage their channels.

const fs = require('node:fs');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
// The contract as a protobufjs JSON descriptor, generated from proto/ by scripts/generate.js (no .proto files or
// protoc needed at run time).
const descriptor = require('../gen/pushgrpc.json');
const { broadcastNotification } = require('./live-activity');

// Messages are plain objects with lowerCamelCase fields (deviceTokens, pushType). Results come back with every field
// set (defaults), enums as their names ('DELIVERY_STATUS_ACCEPTED'), 64-bit integers as strings, and each oneof
// naming its set field (aps.sound === 'soundName'). gen/types/ is generated with the same options.
const LOADER_OPTIONS = { longs: String, enums: String, defaults: true, oneofs: true };
const packageDefinition = protoLoader.fromJSON(descriptor, LOADER_OPTIONS);
// grpc-js also puts every method on the generated client under its lowerCamelCase name (proto-loader's originalName).
// GetChannel's would be getChannel, hiding grpc.Client#getChannel (the channel the client runs on) on the
// ChannelService client; such a method keeps only its proto name, as gen/types declares it.
for (const definition of Object.values(packageDefinition)) {
  if ('format' in definition) continue; // a message or enum type, not a service
  for (const method of Object.values(definition)) {
    if (method.originalName in grpc.Client.prototype) delete method.originalName;
  }
}
const { PushService, ChannelService } = grpc.loadPackageDefinition(packageDefinition).pushgrpc.v1;

// Notifications sendStream keeps in flight unless told otherwise. It matches the gateway's default
// MaxInFlightPerStream, beyond which the gateway stops reading anyway.
const DEFAULT_WINDOW = 1000;

/** The gateway answered something the contract does not allow. */
class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/**
 * Opens a channel to the gateway at address ("host:port"). Without tls (or caFile) it speaks HTTP/2 in clear text
 * (h2c). With TLS, caFile is a PEM file with the CA that signed the gateway's certificate; without it Node's trusted
 * roots are used. channelOptions are grpc-js channel options. The channel connects lazily, on the first call.
 */
function connect(address = 'localhost:50051', { tls = false, caFile, channelOptions } = {}) {
  const credentials = tls || caFile
    ? grpc.credentials.createSsl(caFile ? fs.readFileSync(caFile) : null)
    : grpc.credentials.createInsecure();
  return new Client(new PushService(address, credentials, channelOptions));
}

/**
 * Calls one gateway over one channel; close() it when done.
 *
 * Failed calls reject (or throw) with grpc-js's ServiceError, whose code is a grpc.status value (INVALID_ARGUMENT for
 * a Send without a notification, UNAVAILABLE when the gateway cannot be reached). A notification the gateway's
 * validation refuses is not an error: it comes back as results with status 'DELIVERY_STATUS_INVALID' and a message
 * naming the field.
 */
class Client {
  /**
   * @param stub the generated PushService client
   * @param [channelStub] the generated ChannelService client; by default one over stub's channel
   */
  constructor(stub, channelStub) {
    /** The generated grpc-js clients, for calls this class does not wrap. */
    this.stub = stub;
    this.channelStub = channelStub ?? new ChannelService(null, null, { channelOverride: stub.getChannel() });
  }

  close() {
    this.stub.close();
    if (this.channelStub.getChannel() !== this.stub.getChannel()) this.channelStub.close();
  }

  /**
   * Delivers one notification; resolves to one result per device token, in token order (one result for a
   * broadcast to a channel).
   * @param {object} notification a pushgrpc.v1.Notification
   * @param {{deadline?: Date|number}} [options]
   */
  async send(notification, { deadline } = {}) {
    return (await unary(this.stub, 'Send', { notification }, deadline)).results;
  }

  /**
   * Sends a Live Activity update or end to a channel (see broadcastNotification for the fields) and resolves to its
   * one result, which echoes channelId and carries APNs's apnsRequestId.
   * @param {object} broadcast the options of broadcastNotification
   * @param {{deadline?: Date|number}} [options]
   */
  async broadcast(broadcast, { deadline } = {}) {
    const results = await this.send(broadcastNotification(broadcast), { deadline });
    if (results.length !== 1) throw new ProtocolError(`a broadcast got ${results.length} results instead of one`);
    return results[0];
  }

  /**
   * Creates a broadcast channel for app; resolves to {result, channel}, channel being {id, messageStoragePolicy}
   * when result.status is 'DELIVERY_STATUS_ACCEPTED'.
   * @param {string} app
   * @param {string} messageStoragePolicy 'MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED' or
   *   'MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED'
   */
  createChannel(app, messageStoragePolicy, { deadline } = {}) {
    return unary(this.channelStub, 'CreateChannel', { app, messageStoragePolicy }, deadline);
  }

  /** Reads a channel's configuration; resolves to {result, channel}. */
  getChannel(app, channelId, { deadline } = {}) {
    return unary(this.channelStub, 'GetChannel', { app, channelId }, deadline);
  }

  /** Deletes a channel for good; resolves to {result}. */
  deleteChannel(app, channelId, { deadline } = {}) {
    return unary(this.channelStub, 'DeleteChannel', { app, channelId }, deadline);
  }

  /** Lists the ids of all of app's channels; resolves to {result, channelIds}. */
  listChannels(app, { deadline } = {}) {
    return unary(this.channelStub, 'ListChannels', { app }, deadline);
  }

  /**
   * Streams notifications through one SendStream call and yields {notification, result} for every result, as the
   * gateway answers (in any order).
   *
   * At most `window` notifications wait for their results at a time; `notifications` (an iterable or async
   * iterable) is read lazily, so it may be a generator of any length. Each notification needs an id unique among
   * those in flight, since results are matched to notifications by it; a notification is complete after one result
   * per device token (one result when it has no token, as a broadcast to a channel). Leaving the loop early cancels
   * the call.
   *
   * @param {Iterable<object>|AsyncIterable<object>} notifications
   * @param {{window?: number, deadline?: Date|number}} [options]
   */
  async *sendStream(notifications, { window = DEFAULT_WINDOW, deadline } = {}) {
    if (!(window >= 1)) throw new RangeError('window must be at least 1');
    const call = this.stub.SendStream(deadline ? { deadline } : {});
    // The async iterator below reports the call's error. This listener only keeps a late 'error' (after the loop
    // was left early and the call cancelled) from becoming an unhandled 'error' event.
    call.on('error', () => {});

    const inFlight = new Map(); // id -> {notification, remaining: results still to come}
    let free = window;
    let done = false;
    let wake = null; // resolves the producer's wait for a free slot
    const notify = () => {
      if (wake) {
        wake();
        wake = null;
      }
    };
    let producerError;
    let allWritten = false;

    // Writes the notifications while this generator reads results; waits whenever `window` are unanswered.
    // Never rejects: its error is kept in producerError and rethrown below.
    (async () => {
      try {
        for await (const notification of notifications) {
          while (free === 0 && !done) await new Promise((resolve) => { wake = resolve; });
          if (done) return;
          const id = notification.id ?? '';
          if (inFlight.has(id)) throw new Error(`notification id '${id}' is already in flight; ids must be unique`);
          // Registered before it is written: its results may come back at once.
          inFlight.set(id, { notification, remaining: Math.max(1, notification.deviceTokens?.length ?? 0) });
          free--;
          // No wait for 'drain': the window already bounds what grpc-js buffers.
          call.write({ notification });
        }
        call.end();
        allWritten = true;
      } catch (err) {
        producerError = err;
        call.cancel();
      }
    })();

    try {
      for await (const { result } of call) {
        const entry = inFlight.get(result.notificationId);
        if (!entry) throw new ProtocolError(`result for unknown notification id '${result.notificationId}'`);
        if (--entry.remaining === 0) {
          inFlight.delete(result.notificationId);
          free++;
          notify();
        }
        yield { notification: entry.notification, result };
      }
    } catch (err) {
      throw producerError ?? err; // the producer's failure is why the call was cancelled
    } finally {
      done = true;
      notify();
      call.cancel(); // no-op after a normal end; ends the call when the caller left the loop early
    }
    if (producerError) throw producerError;
    if (!allWritten) throw new ProtocolError('the gateway ended the stream before every notification was written');
    if (inFlight.size > 0) {
      throw new ProtocolError(`stream ended with ${inFlight.size} notifications without all their results`);
    }
  }
}

// Makes one unary call on stub; resolves to the response, rejects with the call's ServiceError.
function unary(stub, method, request, deadline) {
  return new Promise((resolve, reject) => {
    stub[method](request, deadline ? { deadline } : {}, (err, response) => {
      if (err) reject(err);
      else resolve(response);
    });
  });
}

module.exports = { connect, Client, ProtocolError, DEFAULT_WINDOW, LOADER_OPTIONS, packageDefinition };
