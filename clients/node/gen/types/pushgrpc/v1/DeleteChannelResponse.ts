// Original file: pushgrpc/v1/channel_service.proto

import type { ChannelResult as _pushgrpc_v1_ChannelResult, ChannelResult__Output as _pushgrpc_v1_ChannelResult__Output } from '../../pushgrpc/v1/ChannelResult';

export interface DeleteChannelResponse {
  'result'?: (_pushgrpc_v1_ChannelResult | null);
}

export interface DeleteChannelResponse__Output {
  'result': (_pushgrpc_v1_ChannelResult__Output | null);
}
