// Original file: pushgrpc/v1/push_service.proto

import type { Notification as _pushgrpc_v1_Notification, Notification__Output as _pushgrpc_v1_Notification__Output } from '../../pushgrpc/v1/Notification';

export interface SendStreamRequest {
  'notification'?: (_pushgrpc_v1_Notification | null);
}

export interface SendStreamRequest__Output {
  'notification': (_pushgrpc_v1_Notification__Output | null);
}
