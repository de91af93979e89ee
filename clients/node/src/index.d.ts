// Type definitions for the hand-written helper; the message types are generated into gen/types/ by
// scripts/generate.js (proto-loader-gen-types, with the same loader options as src/client.js).
import type * as grpc from '@grpc/grpc-js';
import type { PackageDefinition, Options } from '@grpc/proto-loader';
import type { Notification } from '../gen/types/pushgrpc/v1/Notification';
import type { DeliveryResult__Output } from '../gen/types/pushgrpc/v1/DeliveryResult';
import type { PushServiceClient } from '../gen/types/pushgrpc/v1/PushService';

export type { Notification, DeliveryResult__Output as DeliveryResult, PushServiceClient };

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

export class Client {
  constructor(stub: PushServiceClient);
  readonly stub: PushServiceClient;
  close(): void;
  /** One result per device token, in token order. Rejects with a grpc.ServiceError when the call fails. */
  send(notification: Notification | undefined, options?: { deadline?: grpc.Deadline }): Promise<DeliveryResult__Output[]>;
  /** Yields every result with its notification, keeping at most `window` notifications in flight. */
  sendStream(
    notifications: Iterable<Notification> | AsyncIterable<Notification>,
    options?: { window?: number; deadline?: grpc.Deadline },
  ): AsyncGenerator<{ notification: Notification; result: DeliveryResult__Output }, void, undefined>;
}
