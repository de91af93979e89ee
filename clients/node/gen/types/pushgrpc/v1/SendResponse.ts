// Original file: pushgrpc/v1/push_service.proto

import type { DeliveryResult as _pushgrpc_v1_DeliveryResult, DeliveryResult__Output as _pushgrpc_v1_DeliveryResult__Output } from '../../pushgrpc/v1/DeliveryResult';

export interface SendResponse {
  'results'?: (_pushgrpc_v1_DeliveryResult)[];
}

export interface SendResponse__Output {
  'results': (_pushgrpc_v1_DeliveryResult__Output)[];
}
