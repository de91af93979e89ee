// Original file: pushgrpc/v1/channel_service.proto

import type { ChannelResult as _pushgrpc_v1_ChannelResult, ChannelResult__Output as _pushgrpc_v1_ChannelResult__Output } from '../../pushgrpc/v1/ChannelResult';
import type { BroadcastChannel as _pushgrpc_v1_BroadcastChannel, BroadcastChannel__Output as _pushgrpc_v1_BroadcastChannel__Output } from '../../pushgrpc/v1/BroadcastChannel';

export interface GetChannelResponse {
  'result'?: (_pushgrpc_v1_ChannelResult | null);
  'channel'?: (_pushgrpc_v1_BroadcastChannel | null);
}

export interface GetChannelResponse__Output {
  'result': (_pushgrpc_v1_ChannelResult__Output | null);
  'channel': (_pushgrpc_v1_BroadcastChannel__Output | null);
}
