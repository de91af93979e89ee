// Original file: pushgrpc/v1/notification.proto

import type { Alert as _pushgrpc_v1_Alert, Alert__Output as _pushgrpc_v1_Alert__Output } from '../../pushgrpc/v1/Alert';
import type { CriticalSound as _pushgrpc_v1_CriticalSound, CriticalSound__Output as _pushgrpc_v1_CriticalSound__Output } from '../../pushgrpc/v1/CriticalSound';
import type { InterruptionLevel as _pushgrpc_v1_InterruptionLevel, InterruptionLevel__Output as _pushgrpc_v1_InterruptionLevel__Output } from '../../pushgrpc/v1/InterruptionLevel';
import type { LiveActivityEvent as _pushgrpc_v1_LiveActivityEvent, LiveActivityEvent__Output as _pushgrpc_v1_LiveActivityEvent__Output } from '../../pushgrpc/v1/LiveActivityEvent';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Long } from '@grpc/proto-loader';

export interface Aps {
  'alert'?: (_pushgrpc_v1_Alert | null);
  'badge'?: (number);
  'soundName'?: (string);
  'criticalSound'?: (_pushgrpc_v1_CriticalSound | null);
  'threadId'?: (string);
  'category'?: (string);
  'contentAvailable'?: (boolean);
  'mutableContent'?: (boolean);
  'targetContentId'?: (string);
  'interruptionLevel'?: (_pushgrpc_v1_InterruptionLevel);
  'relevanceScore'?: (number | string);
  'filterCriteria'?: (string);
  'event'?: (_pushgrpc_v1_LiveActivityEvent);
  'contentState'?: (_google_protobuf_Struct | null);
  'timestamp'?: (number | string | Long);
  'staleDate'?: (number | string | Long);
  'dismissalDate'?: (number | string | Long);
  'attributesType'?: (string);
  'attributes'?: (_google_protobuf_Struct | null);
  'inputPushToken'?: (boolean);
  'inputPushChannel'?: (string);
  'contentChanged'?: (boolean);
  '_badge'?: "badge";
  'sound'?: "soundName"|"criticalSound";
  '_relevanceScore'?: "relevanceScore";
  '_timestamp'?: "timestamp";
  '_staleDate'?: "staleDate";
  '_dismissalDate'?: "dismissalDate";
}

export interface Aps__Output {
  'alert': (_pushgrpc_v1_Alert__Output | null);
  'badge'?: (number);
  'soundName'?: (string);
  'criticalSound'?: (_pushgrpc_v1_CriticalSound__Output | null);
  'threadId': (string);
  'category': (string);
  'contentAvailable': (boolean);
  'mutableContent': (boolean);
  'targetContentId': (string);
  'interruptionLevel': (_pushgrpc_v1_InterruptionLevel__Output);
  'relevanceScore'?: (number);
  'filterCriteria': (string);
  'event': (_pushgrpc_v1_LiveActivityEvent__Output);
  'contentState': (_google_protobuf_Struct__Output | null);
  'timestamp'?: (string);
  'staleDate'?: (string);
  'dismissalDate'?: (string);
  'attributesType': (string);
  'attributes': (_google_protobuf_Struct__Output | null);
  'inputPushToken': (boolean);
  'inputPushChannel': (string);
  'contentChanged': (boolean);
  '_badge'?: "badge";
  'sound'?: "soundName"|"criticalSound";
  '_relevanceScore'?: "relevanceScore";
  '_timestamp'?: "timestamp";
  '_staleDate'?: "staleDate";
  '_dismissalDate'?: "dismissalDate";
}
