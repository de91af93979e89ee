// Original file: pushgrpc/v1/notification.proto


export interface CriticalSound {
  'critical'?: (boolean);
  'name'?: (string);
  'volume'?: (number | string);
  '_volume'?: "volume";
}

export interface CriticalSound__Output {
  'critical': (boolean);
  'name': (string);
  'volume'?: (number);
  '_volume'?: "volume";
}
