// Original file: pushgrpc/v1/channel_service.proto


export interface DeleteChannelRequest {
  'app'?: (string);
  'channelId'?: (string);
}

export interface DeleteChannelRequest__Output {
  'app': (string);
  'channelId': (string);
}
