// Original file: pushgrpc/v1/channel_service.proto

import type { MessageStoragePolicy as _pushgrpc_v1_MessageStoragePolicy, MessageStoragePolicy__Output as _pushgrpc_v1_MessageStoragePolicy__Output } from '../../pushgrpc/v1/MessageStoragePolicy';

export interface CreateChannelRequest {
  'app'?: (string);
  'messageStoragePolicy'?: (_pushgrpc_v1_MessageStoragePolicy);
}

export interface CreateChannelRequest__Output {
  'app': (string);
  'messageStoragePolicy': (_pushgrpc_v1_MessageStoragePolicy__Output);
}
