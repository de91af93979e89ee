import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { DeliveryResult as _pushgrpc_v1_DeliveryResult, DeliveryResult__Output as _pushgrpc_v1_DeliveryResult__Output } from './pushgrpc/v1/DeliveryResult';

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
      DeliveryResult: MessageTypeDefinition<_pushgrpc_v1_DeliveryResult, _pushgrpc_v1_DeliveryResult__Output>
      DeliveryStatus: EnumTypeDefinition
    }
  }
}

