// Original file: pushgrpc/v1/delivery_result.proto

import type { DeliveryStatus as _pushgrpc_v1_DeliveryStatus, DeliveryStatus__Output as _pushgrpc_v1_DeliveryStatus__Output } from '../../pushgrpc/v1/DeliveryStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface DeliveryResult {
  'notificationId'?: (string);
  'deviceToken'?: (string);
  'status'?: (_pushgrpc_v1_DeliveryStatus);
  'apnsId'?: (string);
  'apnsUniqueId'?: (string);
  'httpStatus'?: (number);
  'reason'?: (string);
  'message'?: (string);
  'tokenInvalidSince'?: (_google_protobuf_Timestamp | null);
  'attempts'?: (number);
  'apnsDuration'?: (_google_protobuf_Duration | null);
  'possiblyDuplicated'?: (boolean);
  'retryAfter'?: (_google_protobuf_Duration | null);
  'channelId'?: (string);
  'apnsRequestId'?: (string);
}

export interface DeliveryResult__Output {
  'notificationId': (string);
  'deviceToken': (string);
  'status': (_pushgrpc_v1_DeliveryStatus__Output);
  'apnsId': (string);
  'apnsUniqueId': (string);
  'httpStatus': (number);
  'reason': (string);
  'message': (string);
  'tokenInvalidSince': (_google_protobuf_Timestamp__Output | null);
  'attempts': (number);
  'apnsDuration': (_google_protobuf_Duration__Output | null);
  'possiblyDuplicated': (boolean);
  'retryAfter': (_google_protobuf_Duration__Output | null);
  'channelId': (string);
  'apnsRequestId': (string);
}
