// Original file: pushgrpc/v1/push_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { SendRequest as _pushgrpc_v1_SendRequest, SendRequest__Output as _pushgrpc_v1_SendRequest__Output } from '../../pushgrpc/v1/SendRequest';
import type { SendResponse as _pushgrpc_v1_SendResponse, SendResponse__Output as _pushgrpc_v1_SendResponse__Output } from '../../pushgrpc/v1/SendResponse';
import type { SendStreamRequest as _pushgrpc_v1_SendStreamRequest, SendStreamRequest__Output as _pushgrpc_v1_SendStreamRequest__Output } from '../../pushgrpc/v1/SendStreamRequest';
import type { SendStreamResponse as _pushgrpc_v1_SendStreamResponse, SendStreamResponse__Output as _pushgrpc_v1_SendStreamResponse__Output } from '../../pushgrpc/v1/SendStreamResponse';

export interface PushServiceClient extends grpc.Client {
  Send(argument: _pushgrpc_v1_SendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _pushgrpc_v1_SendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _pushgrpc_v1_SendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _pushgrpc_v1_SendRequest, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _pushgrpc_v1_SendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _pushgrpc_v1_SendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _pushgrpc_v1_SendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _pushgrpc_v1_SendRequest, callback: grpc.requestCallback<_pushgrpc_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  
  SendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamResponse__Output>;
  SendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamResponse__Output>;
  sendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamResponse__Output>;
  sendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamResponse__Output>;
  
}

export interface PushServiceHandlers extends grpc.UntypedServiceImplementation {
  Send: grpc.handleUnaryCall<_pushgrpc_v1_SendRequest__Output, _pushgrpc_v1_SendResponse>;
  
  SendStream: grpc.handleBidiStreamingCall<_pushgrpc_v1_SendStreamRequest__Output, _pushgrpc_v1_SendStreamResponse>;
  
}

export interface PushServiceDefinition extends grpc.ServiceDefinition {
  Send: MethodDefinition<_pushgrpc_v1_SendRequest, _pushgrpc_v1_SendResponse, _pushgrpc_v1_SendRequest__Output, _pushgrpc_v1_SendResponse__Output>
  SendStream: MethodDefinition<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamResponse, _pushgrpc_v1_SendStreamRequest__Output, _pushgrpc_v1_SendStreamResponse__Output>
}
