// Original file: pushgrpc/v1/notification.proto

import type { PushType as _pushgrpc_v1_PushType, PushType__Output as _pushgrpc_v1_PushType__Output } from '../../pushgrpc/v1/PushType';
import type { Priority as _pushgrpc_v1_Priority, Priority__Output as _pushgrpc_v1_Priority__Output } from '../../pushgrpc/v1/Priority';
import type { Aps as _pushgrpc_v1_Aps, Aps__Output as _pushgrpc_v1_Aps__Output } from '../../pushgrpc/v1/Aps';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Long } from '@grpc/proto-loader';

export interface Notification {
  'id'?: (string);
  'app'?: (string);
  'deviceTokens'?: (string)[];
  'pushType'?: (_pushgrpc_v1_PushType);
  'priority'?: (_pushgrpc_v1_Priority);
  'expiration'?: (number | string | Long);
  'collapseId'?: (string);
  'apnsId'?: (string);
  'topic'?: (string);
  'aps'?: (_pushgrpc_v1_Aps | null);
  'customData'?: (_google_protobuf_Struct | null);
  'rawPayload'?: (string);
  'atMostOnce'?: (boolean);
  'channelId'?: (string);
  '_expiration'?: "expiration";
}

export interface Notification__Output {
  'id': (string);
  'app': (string);
  'deviceTokens': (string)[];
  'pushType': (_pushgrpc_v1_PushType__Output);
  'priority': (_pushgrpc_v1_Priority__Output);
  'expiration'?: (string);
  'collapseId': (string);
  'apnsId': (string);
  'topic': (string);
  'aps': (_pushgrpc_v1_Aps__Output | null);
  'customData': (_google_protobuf_Struct__Output | null);
  'rawPayload': (string);
  'atMostOnce': (boolean);
  'channelId': (string);
  '_expiration'?: "expiration";
}
