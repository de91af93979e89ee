// Original file: pushgrpc/v1/channel_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateChannelRequest as _pushgrpc_v1_CreateChannelRequest, CreateChannelRequest__Output as _pushgrpc_v1_CreateChannelRequest__Output } from '../../pushgrpc/v1/CreateChannelRequest';
import type { CreateChannelResponse as _pushgrpc_v1_CreateChannelResponse, CreateChannelResponse__Output as _pushgrpc_v1_CreateChannelResponse__Output } from '../../pushgrpc/v1/CreateChannelResponse';
import type { DeleteChannelRequest as _pushgrpc_v1_DeleteChannelRequest, DeleteChannelRequest__Output as _pushgrpc_v1_DeleteChannelRequest__Output } from '../../pushgrpc/v1/DeleteChannelRequest';
import type { DeleteChannelResponse as _pushgrpc_v1_DeleteChannelResponse, DeleteChannelResponse__Output as _pushgrpc_v1_DeleteChannelResponse__Output } from '../../pushgrpc/v1/DeleteChannelResponse';
import type { GetChannelRequest as _pushgrpc_v1_GetChannelRequest, GetChannelRequest__Output as _pushgrpc_v1_GetChannelRequest__Output } from '../../pushgrpc/v1/GetChannelRequest';
import type { GetChannelResponse as _pushgrpc_v1_GetChannelResponse, GetChannelResponse__Output as _pushgrpc_v1_GetChannelResponse__Output } from '../../pushgrpc/v1/GetChannelResponse';
import type { ListChannelsRequest as _pushgrpc_v1_ListChannelsRequest, ListChannelsRequest__Output as _pushgrpc_v1_ListChannelsRequest__Output } from '../../pushgrpc/v1/ListChannelsRequest';
import type { ListChannelsResponse as _pushgrpc_v1_ListChannelsResponse, ListChannelsResponse__Output as _pushgrpc_v1_ListChannelsResponse__Output } from '../../pushgrpc/v1/ListChannelsResponse';

export interface ChannelServiceClient extends grpc.Client {
  CreateChannel(argument: _pushgrpc_v1_CreateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _pushgrpc_v1_CreateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _pushgrpc_v1_CreateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _pushgrpc_v1_CreateChannelRequest, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _pushgrpc_v1_CreateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _pushgrpc_v1_CreateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _pushgrpc_v1_CreateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _pushgrpc_v1_CreateChannelRequest, callback: grpc.requestCallback<_pushgrpc_v1_CreateChannelResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _pushgrpc_v1_DeleteChannelRequest, callback: grpc.requestCallback<_pushgrpc_v1_DeleteChannelResponse__Output>): grpc.ClientUnaryCall;
  
  GetChannel(argument: _pushgrpc_v1_GetChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_GetChannelResponse__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _pushgrpc_v1_GetChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_GetChannelResponse__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _pushgrpc_v1_GetChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_GetChannelResponse__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _pushgrpc_v1_GetChannelRequest, callback: grpc.requestCallback<_pushgrpc_v1_GetChannelResponse__Output>): grpc.ClientUnaryCall;
  
  ListChannels(argument: _pushgrpc_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _pushgrpc_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _pushgrpc_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _pushgrpc_v1_ListChannelsRequest, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _pushgrpc_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _pushgrpc_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _pushgrpc_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _pushgrpc_v1_ListChannelsRequest, callback: grpc.requestCallback<_pushgrpc_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ChannelServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateChannel: grpc.handleUnaryCall<_pushgrpc_v1_CreateChannelRequest__Output, _pushgrpc_v1_CreateChannelResponse>;
  
  DeleteChannel: grpc.handleUnaryCall<_pushgrpc_v1_DeleteChannelRequest__Output, _pushgrpc_v1_DeleteChannelResponse>;
  
  GetChannel: grpc.handleUnaryCall<_pushgrpc_v1_GetChannelRequest__Output, _pushgrpc_v1_GetChannelResponse>;
  
  ListChannels: grpc.handleUnaryCall<_pushgrpc_v1_ListChannelsRequest__Output, _pushgrpc_v1_ListChannelsResponse>;
  
}

export interface ChannelServiceDefinition extends grpc.ServiceDefinition {
  CreateChannel: MethodDefinition<_pushgrpc_v1_CreateChannelRequest, _pushgrpc_v1_CreateChannelResponse, _pushgrpc_v1_CreateChannelRequest__Output, _pushgrpc_v1_CreateChannelResponse__Output>
  DeleteChannel: MethodDefinition<_pushgrpc_v1_DeleteChannelRequest, _pushgrpc_v1_DeleteChannelResponse, _pushgrpc_v1_DeleteChannelRequest__Output, _pushgrpc_v1_DeleteChannelResponse__Output>
  GetChannel: MethodDefinition<_pushgrpc_v1_GetChannelRequest, _pushgrpc_v1_GetChannelResponse, _pushgrpc_v1_GetChannelRequest__Output, _pushgrpc_v1_GetChannelResponse__Output>
  ListChannels: MethodDefinition<_pushgrpc_v1_ListChannelsRequest, _pushgrpc_v1_ListChannelsResponse, _pushgrpc_v1_ListChannelsRequest__Output, _pushgrpc_v1_ListChannelsResponse__Output>
}
