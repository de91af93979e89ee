// Original file: pushgrpc/v1/notification.proto

export const Priority = {
  PRIORITY_UNSPECIFIED: 'PRIORITY_UNSPECIFIED',
  PRIORITY_MINIMAL: 'PRIORITY_MINIMAL',
  PRIORITY_CONSERVE_POWER: 'PRIORITY_CONSERVE_POWER',
  PRIORITY_IMMEDIATE: 'PRIORITY_IMMEDIATE',
} as const;

export type Priority =
  | 'PRIORITY_UNSPECIFIED'
  | 0
  | 'PRIORITY_MINIMAL'
  | 1
  | 'PRIORITY_CONSERVE_POWER'
  | 5
  | 'PRIORITY_IMMEDIATE'
  | 10

export type Priority__Output = typeof Priority[keyof typeof Priority]
