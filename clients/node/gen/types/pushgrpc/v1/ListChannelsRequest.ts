// Original file: pushgrpc/v1/channel_service.proto


export interface ListChannelsRequest {
  'app'?: (string);
}

export interface ListChannelsRequest__Output {
  'app': (string);
}
