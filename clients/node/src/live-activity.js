'use strict';

// Builders for Live Activity notifications: a broadcast (update or end) to a channel, and a push-to-start to
// push-to-start tokens. They return plain pushgrpc.v1.Notification objects, for client.send, client.sendStream or
// further editing; the gateway validates them (the builders only spare callers the Struct encoding and the enum names).

const EVENTS = { update: 'LIVE_ACTIVITY_EVENT_UPDATE', end: 'LIVE_ACTIVITY_EVENT_END' };

/**
 * Encodes a JSON-like value as a google.protobuf.Struct message object. grpc-js's loader has no JSON mapping for
 * Struct, so content_state, attributes and custom_data must be given in this field-by-field form.
 * @param {Record<string, unknown>} object
 * @param {string} [name] what the object is, for the error message
 */
function toStruct(object, name = 'value') {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    throw new TypeError(`${name} must be a plain object`);
  }
  return {
    fields: Object.fromEntries(Object.entries(object).map(([key, value]) => [key, toValue(value, `${name}.${key}`)])),
  };
}

function toValue(value, path) {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(value)) return { listValue: { values: value.map((v, i) => toValue(v, `${path}[${i}]`)) } };
  switch (typeof value) {
    case 'number': return { numberValue: value };
    case 'string': return { stringValue: value };
    case 'boolean': return { boolValue: value };
    case 'object': return { structValue: toStruct(value, path) };
    default: throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}

// UNIX seconds from a Date or a number of seconds; undefined stays unset.
function unixSeconds(time) {
  return time instanceof Date ? Math.floor(time.getTime() / 1000) : time;
}

// Copies the optional fields both builders share, leaving unset ones out (several are proto3 `optional`).
function defined(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * A Live Activity broadcast: an update (default) or end for every activity subscribed to `channelId`.
 * `timestamp` defaults to now; dates are Dates or UNIX seconds. Leave `expiration` unset (or 0) for a
 * no-message-stored channel; `priority` unset means 10.
 */
function broadcastNotification({
  id, app, channelId, event = 'update', contentState, timestamp = new Date(), alert, staleDate, dismissalDate,
  relevanceScore, priority, expiration,
}) {
  // Broadcasts cannot start an activity: that is a push-to-start to a token (pushToStartNotification).
  if (!(event in EVENTS)) throw new RangeError(`event must be 'update' or 'end', not '${event}'`);
  return defined({
    id,
    app,
    channelId,
    pushType: 'PUSH_TYPE_LIVEACTIVITY',
    priority,
    expiration,
    aps: defined({
      event: EVENTS[event],
      contentState: toStruct(contentState, 'contentState'),
      timestamp: unixSeconds(timestamp),
      alert,
      staleDate: unixSeconds(staleDate),
      dismissalDate: unixSeconds(dismissalDate),
      relevanceScore,
    }),
  });
}

/**
 * A push-to-start notification: starts a Live Activity of `attributesType` on the devices of `deviceTokens`
 * (push-to-start tokens). `inputPushToken` asks for an update token, `inputPushChannel` subscribes the new activity to
 * a broadcast channel (iOS 18+). `timestamp` defaults to now.
 */
function pushToStartNotification({
  id, app, deviceTokens, attributesType, attributes, contentState, alert, timestamp = new Date(), staleDate,
  relevanceScore, inputPushToken, inputPushChannel, priority, expiration,
}) {
  return defined({
    id,
    app,
    deviceTokens,
    pushType: 'PUSH_TYPE_LIVEACTIVITY',
    priority,
    expiration,
    aps: defined({
      event: 'LIVE_ACTIVITY_EVENT_START',
      alert,
      attributesType,
      attributes: toStruct(attributes, 'attributes'),
      contentState: toStruct(contentState, 'contentState'),
      timestamp: unixSeconds(timestamp),
      staleDate: unixSeconds(staleDate),
      relevanceScore,
      inputPushToken,
      inputPushChannel,
    }),
  });
}

module.exports = { toStruct, broadcastNotification, pushToStartNotification };
