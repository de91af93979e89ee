// Original file: pushgrpc/v1/notification.proto

export const LiveActivityEvent = {
  LIVE_ACTIVITY_EVENT_UNSPECIFIED: 'LIVE_ACTIVITY_EVENT_UNSPECIFIED',
  LIVE_ACTIVITY_EVENT_START: 'LIVE_ACTIVITY_EVENT_START',
  LIVE_ACTIVITY_EVENT_UPDATE: 'LIVE_ACTIVITY_EVENT_UPDATE',
  LIVE_ACTIVITY_EVENT_END: 'LIVE_ACTIVITY_EVENT_END',
} as const;

export type LiveActivityEvent =
  | 'LIVE_ACTIVITY_EVENT_UNSPECIFIED'
  | 0
  | 'LIVE_ACTIVITY_EVENT_START'
  | 1
  | 'LIVE_ACTIVITY_EVENT_UPDATE'
  | 2
  | 'LIVE_ACTIVITY_EVENT_END'
  | 3

export type LiveActivityEvent__Output = typeof LiveActivityEvent[keyof typeof LiveActivityEvent]
