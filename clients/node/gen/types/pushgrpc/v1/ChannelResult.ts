// Original file: pushgrpc/v1/channel_service.proto

import type { DeliveryStatus as _pushgrpc_v1_DeliveryStatus, DeliveryStatus__Output as _pushgrpc_v1_DeliveryStatus__Output } from '../../pushgrpc/v1/DeliveryStatus';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface ChannelResult {
  'status'?: (_pushgrpc_v1_DeliveryStatus);
  'apnsRequestId'?: (string);
  'httpStatus'?: (number);
  'reason'?: (string);
  'message'?: (string);
  'attempts'?: (number);
  'apnsDuration'?: (_google_protobuf_Duration | null);
  'retryAfter'?: (_google_protobuf_Duration | null);
}

export interface ChannelResult__Output {
  'status': (_pushgrpc_v1_DeliveryStatus__Output);
  'apnsRequestId': (string);
  'httpStatus': (number);
  'reason': (string);
  'message': (string);
  'attempts': (number);
  'apnsDuration': (_google_protobuf_Duration__Output | null);
  'retryAfter': (_google_protobuf_Duration__Output | null);
}
