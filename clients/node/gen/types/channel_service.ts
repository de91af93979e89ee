import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { BroadcastChannel as _pushgrpc_v1_BroadcastChannel, BroadcastChannel__Output as _pushgrpc_v1_BroadcastChannel__Output } from './pushgrpc/v1/BroadcastChannel';
import type { ChannelResult as _pushgrpc_v1_ChannelResult, ChannelResult__Output as _pushgrpc_v1_ChannelResult__Output } from './pushgrpc/v1/ChannelResult';
import type { ChannelServiceClient as _pushgrpc_v1_ChannelServiceClient, ChannelServiceDefinition as _pushgrpc_v1_ChannelServiceDefinition } from './pushgrpc/v1/ChannelService';
import type { CreateChannelRequest as _pushgrpc_v1_CreateChannelRequest, CreateChannelRequest__Output as _pushgrpc_v1_CreateChannelRequest__Output } from './pushgrpc/v1/CreateChannelRequest';
import type { CreateChannelResponse as _pushgrpc_v1_CreateChannelResponse, CreateChannelResponse__Output as _pushgrpc_v1_CreateChannelResponse__Output } from './pushgrpc/v1/CreateChannelResponse';
import type { DeleteChannelRequest as _pushgrpc_v1_DeleteChannelRequest, DeleteChannelRequest__Output as _pushgrpc_v1_DeleteChannelRequest__Output } from './pushgrpc/v1/DeleteChannelRequest';
import type { DeleteChannelResponse as _pushgrpc_v1_DeleteChannelResponse, DeleteChannelResponse__Output as _pushgrpc_v1_DeleteChannelResponse__Output } from './pushgrpc/v1/DeleteChannelResponse';
import type { DeliveryResult as _pushgrpc_v1_DeliveryResult, DeliveryResult__Output as _pushgrpc_v1_DeliveryResult__Output } from './pushgrpc/v1/DeliveryResult';
import type { GetChannelRequest as _pushgrpc_v1_GetChannelRequest, GetChannelRequest__Output as _pushgrpc_v1_GetChannelRequest__Output } from './pushgrpc/v1/GetChannelRequest';
import type { GetChannelResponse as _pushgrpc_v1_GetChannelResponse, GetChannelResponse__Output as _pushgrpc_v1_GetChannelResponse__Output } from './pushgrpc/v1/GetChannelResponse';
import type { ListChannelsRequest as _pushgrpc_v1_ListChannelsRequest, ListChannelsRequest__Output as _pushgrpc_v1_ListChannelsRequest__Output } from './pushgrpc/v1/ListChannelsRequest';
import type { ListChannelsResponse as _pushgrpc_v1_ListChannelsResponse, ListChannelsResponse__Output as _pushgrpc_v1_ListChannelsResponse__Output } from './pushgrpc/v1/ListChannelsResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  pushgrpc: {
    v1: {
      BroadcastChannel: MessageTypeDefinition<_pushgrpc_v1_BroadcastChannel, _pushgrpc_v1_BroadcastChannel__Output>
      ChannelResult: MessageTypeDefinition<_pushgrpc_v1_ChannelResult, _pushgrpc_v1_ChannelResult__Output>
      ChannelService: SubtypeConstructor<typeof grpc.Client, _pushgrpc_v1_ChannelServiceClient> & { service: _pushgrpc_v1_ChannelServiceDefinition }
      CreateChannelRequest: MessageTypeDefinition<_pushgrpc_v1_CreateChannelRequest, _pushgrpc_v1_CreateChannelRequest__Output>
      CreateChannelResponse: MessageTypeDefinition<_pushgrpc_v1_CreateChannelResponse, _pushgrpc_v1_CreateChannelResponse__Output>
      DeleteChannelRequest: MessageTypeDefinition<_pushgrpc_v1_DeleteChannelRequest, _pushgrpc_v1_DeleteChannelRequest__Output>
      DeleteChannelResponse: MessageTypeDefinition<_pushgrpc_v1_DeleteChannelResponse, _pushgrpc_v1_DeleteChannelResponse__Output>
      DeliveryResult: MessageTypeDefinition<_pushgrpc_v1_DeliveryResult, _pushgrpc_v1_DeliveryResult__Output>
      DeliveryStatus: EnumTypeDefinition
      GetChannelRequest: MessageTypeDefinition<_pushgrpc_v1_GetChannelRequest, _pushgrpc_v1_GetChannelRequest__Output>
      GetChannelResponse: MessageTypeDefinition<_pushgrpc_v1_GetChannelResponse, _pushgrpc_v1_GetChannelResponse__Output>
      ListChannelsRequest: MessageTypeDefinition<_pushgrpc_v1_ListChannelsRequest, _pushgrpc_v1_ListChannelsRequest__Output>
      ListChannelsResponse: MessageTypeDefinition<_pushgrpc_v1_ListChannelsResponse, _pushgrpc_v1_ListChannelsResponse__Output>
      MessageStoragePolicy: EnumTypeDefinition
    }
  }
}

