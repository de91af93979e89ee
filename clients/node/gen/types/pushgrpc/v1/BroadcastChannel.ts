// Original file: pushgrpc/v1/channel_service.proto

import type { MessageStoragePolicy as _pushgrpc_v1_MessageStoragePolicy, MessageStoragePolicy__Output as _pushgrpc_v1_MessageStoragePolicy__Output } from '../../pushgrpc/v1/MessageStoragePolicy';

export interface BroadcastChannel {
  'id'?: (string);
  'messageStoragePolicy'?: (_pushgrpc_v1_MessageStoragePolicy);
}

export interface BroadcastChannel__Output {
  'id': (string);
  'messageStoragePolicy': (_pushgrpc_v1_MessageStoragePolicy__Output);
}
