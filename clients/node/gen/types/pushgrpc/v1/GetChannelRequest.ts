// Original file: pushgrpc/v1/channel_service.proto


export interface GetChannelRequest {
  'app'?: (string);
  'channelId'?: (string);
}

export interface GetChannelRequest__Output {
  'app': (string);
  'channelId': (string);
}
