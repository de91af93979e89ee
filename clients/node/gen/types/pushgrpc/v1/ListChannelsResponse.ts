// Original file: pushgrpc/v1/channel_service.proto

import type { ChannelResult as _pushgrpc_v1_ChannelResult, ChannelResult__Output as _pushgrpc_v1_ChannelResult__Output } from '../../pushgrpc/v1/ChannelResult';

export interface ListChannelsResponse {
  'result'?: (_pushgrpc_v1_ChannelResult | null);
  'channelIds'?: (string)[];
}

export interface ListChannelsResponse__Output {
  'result': (_pushgrpc_v1_ChannelResult__Output | null);
  'channelIds': (string)[];
}
