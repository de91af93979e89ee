// Original file: pushgrpc/v1/channel_service.proto

import type { ChannelResult as _pushgrpc_v1_ChannelResult, ChannelResult__Output as _pushgrpc_v1_ChannelResult__Output } from '../../pushgrpc/v1/ChannelResult';
import type { Channel as _pushgrpc_v1_Channel, Channel__Output as _pushgrpc_v1_Channel__Output } from '../../pushgrpc/v1/Channel';

export interface GetChannelResponse {
  'result'?: (_pushgrpc_v1_ChannelResult | null);
  'channel'?: (_pushgrpc_v1_Channel | null);
}

export interface GetChannelResponse__Output {
  'result': (_pushgrpc_v1_ChannelResult__Output | null);
  'channel': (_pushgrpc_v1_Channel__Output | null);
}
