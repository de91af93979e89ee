import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Alert as _pushgrpc_v1_Alert, Alert__Output as _pushgrpc_v1_Alert__Output } from './pushgrpc/v1/Alert';
import type { Aps as _pushgrpc_v1_Aps, Aps__Output as _pushgrpc_v1_Aps__Output } from './pushgrpc/v1/Aps';
import type { CriticalSound as _pushgrpc_v1_CriticalSound, CriticalSound__Output as _pushgrpc_v1_CriticalSound__Output } from './pushgrpc/v1/CriticalSound';
import type { Notification as _pushgrpc_v1_Notification, Notification__Output as _pushgrpc_v1_Notification__Output } from './pushgrpc/v1/Notification';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  pushgrpc: {
    v1: {
      Alert: MessageTypeDefinition<_pushgrpc_v1_Alert, _pushgrpc_v1_Alert__Output>
      Aps: MessageTypeDefinition<_pushgrpc_v1_Aps, _pushgrpc_v1_Aps__Output>
      CriticalSound: MessageTypeDefinition<_pushgrpc_v1_CriticalSound, _pushgrpc_v1_CriticalSound__Output>
      InterruptionLevel: EnumTypeDefinition
      LiveActivityEvent: EnumTypeDefinition
      Notification: MessageTypeDefinition<_pushgrpc_v1_Notification, _pushgrpc_v1_Notification__Output>
      Priority: EnumTypeDefinition
      PushType: EnumTypeDefinition
    }
  }
}

