// Original file: pushgrpc/v1/notification.proto


export interface Alert {
  'title'?: (string);
  'subtitle'?: (string);
  'body'?: (string);
  'launchImage'?: (string);
  'titleLocKey'?: (string);
  'titleLocArgs'?: (string)[];
  'subtitleLocKey'?: (string);
  'subtitleLocArgs'?: (string)[];
  'locKey'?: (string);
  'locArgs'?: (string)[];
}

export interface Alert__Output {
  'title': (string);
  'subtitle': (string);
  'body': (string);
  'launchImage': (string);
  'titleLocKey': (string);
  'titleLocArgs': (string)[];
  'subtitleLocKey': (string);
  'subtitleLocArgs': (string)[];
  'locKey': (string);
  'locArgs': (string)[];
}
