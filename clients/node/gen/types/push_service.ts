import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Alert as _pushgrpc_v1_Alert, Alert__Output as _pushgrpc_v1_Alert__Output } from './pushgrpc/v1/Alert';
import type { Aps as _pushgrpc_v1_Aps, Aps__Output as _pushgrpc_v1_Aps__Output } from './pushgrpc/v1/Aps';
import type { CriticalSound as _pushgrpc_v1_CriticalSound, CriticalSound__Output as _pushgrpc_v1_CriticalSound__Output } from './pushgrpc/v1/CriticalSound';
import type { DeliveryResult as _pushgrpc_v1_DeliveryResult, DeliveryResult__Output as _pushgrpc_v1_DeliveryResult__Output } from './pushgrpc/v1/DeliveryResult';
import type { Notification as _pushgrpc_v1_Notification, Notification__Output as _pushgrpc_v1_Notification__Output } from './pushgrpc/v1/Notification';
import type { PushServiceClient as _pushgrpc_v1_PushServiceClient, PushServiceDefinition as _pushgrpc_v1_PushServiceDefinition } from './pushgrpc/v1/PushService';
import type { SendRequest as _pushgrpc_v1_SendRequest, SendRequest__Output as _pushgrpc_v1_SendRequest__Output } from './pushgrpc/v1/SendRequest';
import type { SendResponse as _pushgrpc_v1_SendResponse, SendResponse__Output as _pushgrpc_v1_SendResponse__Output } from './pushgrpc/v1/SendResponse';
import type { SendStreamRequest as _pushgrpc_v1_SendStreamRequest, SendStreamRequest__Output as _pushgrpc_v1_SendStreamRequest__Output } from './pushgrpc/v1/SendStreamRequest';
import type { SendStreamResponse as _pushgrpc_v1_SendStreamResponse, SendStreamResponse__Output as _pushgrpc_v1_SendStreamResponse__Output } from './pushgrpc/v1/SendStreamResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  pushgrpc: {
    v1: {
      Alert: MessageTypeDefinition<_pushgrpc_v1_Alert, _pushgrpc_v1_Alert__Output>
      Aps: MessageTypeDefinition<_pushgrpc_v1_Aps, _pushgrpc_v1_Aps__Output>
      CriticalSound: MessageTypeDefinition<_pushgrpc_v1_CriticalSound, _pushgrpc_v1_CriticalSound__Output>
      DeliveryResult: MessageTypeDefinition<_pushgrpc_v1_DeliveryResult, _pushgrpc_v1_DeliveryResult__Output>
      DeliveryStatus: EnumTypeDefinition
      InterruptionLevel: EnumTypeDefinition
      LiveActivityEvent: EnumTypeDefinition
      Notification: MessageTypeDefinition<_pushgrpc_v1_Notification, _pushgrpc_v1_Notification__Output>
      Priority: EnumTypeDefinition
      PushService: SubtypeConstructor<typeof grpc.Client, _pushgrpc_v1_PushServiceClient> & { service: _pushgrpc_v1_PushServiceDefinition }
      PushType: EnumTypeDefinition
      SendRequest: MessageTypeDefinition<_pushgrpc_v1_SendRequest, _pushgrpc_v1_SendRequest__Output>
      SendResponse: MessageTypeDefinition<_pushgrpc_v1_SendResponse, _pushgrpc_v1_SendResponse__Output>
      SendStreamRequest: MessageTypeDefinition<_pushgrpc_v1_SendStreamRequest, _pushgrpc_v1_SendStreamRequest__Output>
      SendStreamResponse: MessageTypeDefinition<_pushgrpc_v1_SendStreamResponse, _pushgrpc_v1_SendStreamResponse__Output>
    }
  }
}

