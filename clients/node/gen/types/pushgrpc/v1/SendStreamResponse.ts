// Original file: pushgrpc/v1/push_service.proto

import type { DeliveryResult as _pushgrpc_v1_DeliveryResult, DeliveryResult__Output as _pushgrpc_v1_DeliveryResult__Output } from '../../pushgrpc/v1/DeliveryResult';

export interface SendStreamResponse {
  'result'?: (_pushgrpc_v1_DeliveryResult | null);
}

export interface SendStreamResponse__Output {
  'result': (_pushgrpc_v1_DeliveryResult__Output | null);
}
