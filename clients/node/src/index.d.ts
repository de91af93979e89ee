// Type definitions for the hand-written helper; the message types are generated into gen/types/ by
// scripts/generate.js (proto-loader-gen-types, with the same loader options as src/client.js).
import type * as grpc from '@grpc/grpc-js';
import type { PackageDefinition, Options } from '@grpc/proto-loader';
import type { Notification } from '../gen/types/pushgrpc/v1/Notification';
import type { DeliveryResult__Output } from '../gen/types/pushgrpc/v1/DeliveryResult';
import type { PushServiceClient } from '../gen/types/pushgrpc/v1/PushService';
import type { ChannelServiceClient } from '../gen/types/pushgrpc/v1/ChannelService';
import type { Alert } from '../gen/types/pushgrpc/v1/Alert';
import type { Priority } from '../gen/types/pushgrpc/v1/Priority';
import type { MessageStoragePolicy } from '../gen/types/pushgrpc/v1/MessageStoragePolicy';
import type { Struct } from '../gen/types/google/protobuf/Struct';
import type { CreateChannelResponse__Output } from '../gen/types/pushgrpc/v1/CreateChannelResponse';
import type { GetChannelResponse__Output } from '../gen/types/pushgrpc/v1/GetChannelResponse';
import type { DeleteChannelResponse__Output } from '../gen/types/pushgrpc/v1/DeleteChannelResponse';
import type { ListChannelsResponse__Output } from '../gen/types/pushgrpc/v1/ListChannelsResponse';

export type {
  Notification, DeliveryResult__Output as DeliveryResult, PushServiceClient, ChannelServiceClient, MessageStoragePolicy,
  CreateChannelResponse__Output as CreateChannelResponse, GetChannelResponse__Output as GetChannelResponse,
  DeleteChannelResponse__Output as DeleteChannelResponse, ListChannelsResponse__Output as ListChannelsResponse,
};

export const DEFAULT_WINDOW: number;
export const LOADER_OPTIONS: Options;
export const packageDefinition: PackageDefinition;
export const status: typeof grpc.status;

export class ProtocolError extends Error {}

export interface ConnectOptions {
  /** Connect over TLS (implied by caFile). */
  tls?: boolean;
  /** PEM file with the CA that signed the gateway's certificate; default: Node's trusted roots. */
  caFile?: string;
  channelOptions?: grpc.ChannelOptions;
}

export function connect(address?: string, options?: ConnectOptions): Client;

/** JSON-like values, as content states, attributes and custom data take them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** A Date, or UNIX seconds. */
export type Time = Date | number;

export interface CallOptions {
  deadline?: grpc.Deadline;
}

export interface BroadcastOptions {
  id?: string;
  app: string;
  channelId: string;
  /** Default 'update'. Broadcasts cannot start an activity. */
  event?: 'update' | 'end';
  contentState: JsonObject;
  /** Default: now. */
  timestamp?: Time;
  alert?: Alert;
  staleDate?: Time;
  dismissalDate?: Time;
  relevanceScore?: number;
  /** Unset: 10. */
  priority?: Priority;
  /** UNIX seconds; leave unset (or 0) for a no-message-stored channel. */
  expiration?: number;
}

export interface PushToStartOptions {
  id?: string;
  app: string;
  /** Push-to-start tokens. */
  deviceTokens: string[];
  attributesType: string;
  attributes: JsonObject;
  contentState: JsonObject;
  alert: Alert;
  /** Default: now. */
  timestamp?: Time;
  staleDate?: Time;
  relevanceScore?: number;
  /** Ask for an update token (iOS 18+). */
  inputPushToken?: boolean;
  /** Subscribe the new activity to this broadcast channel (iOS 18+). */
  inputPushChannel?: string;
  priority?: Priority;
  expiration?: number;
}

/** Encodes a JSON-like object as a google.protobuf.Struct message (grpc-js has no JSON mapping for Struct). */
export function toStruct(object: JsonObject, name?: string): Struct;
/** A Live Activity update or end for every activity subscribed to a channel. */
export function broadcastNotification(options: BroadcastOptions): Notification;
/** A Live Activity push-to-start (event start) to push-to-start tokens. */
export function pushToStartNotification(options: PushToStartOptions): Notification;

export class Client {
  /** channelStub defaults to a ChannelService client over stub's channel. */
  constructor(stub: PushServiceClient, channelStub?: ChannelServiceClient);
  readonly stub: PushServiceClient;
  readonly channelStub: ChannelServiceClient;
  close(): void;
  /** One result per device token, in token order (one for a broadcast). Rejects with a grpc.ServiceError when the
   * call fails. */
  send(notification: Notification | undefined, options?: CallOptions): Promise<DeliveryResult__Output[]>;
  /** Sends broadcastNotification(broadcast); its one result echoes channelId and carries apnsRequestId. */
  broadcast(broadcast: BroadcastOptions, options?: CallOptions): Promise<DeliveryResult__Output>;
  createChannel(app: string, messageStoragePolicy: MessageStoragePolicy, options?: CallOptions): Promise<CreateChannelResponse__Output>;
  getChannel(app: string, channelId: string, options?: CallOptions): Promise<GetChannelResponse__Output>;
  deleteChannel(app: string, channelId: string, options?: CallOptions): Promise<DeleteChannelResponse__Output>;
  listChannels(app: string, options?: CallOptions): Promise<ListChannelsResponse__Output>;
  /** Yields every result with its notification, keeping at most `window` notifications in flight. */
  sendStream(
    notifications: Iterable<Notification> | AsyncIterable<Notification>,
    options?: { window?: number; deadline?: grpc.Deadline },
  ): AsyncGenerator<{ notification: Notification; result: DeliveryResult__Output }, void, undefined>;
}
