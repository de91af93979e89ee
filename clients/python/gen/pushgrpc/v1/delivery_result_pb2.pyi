from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DELIVERY_STATUS_ACCEPTED: DeliveryStatus
DELIVERY_STATUS_FAILED: DeliveryStatus
DELIVERY_STATUS_INVALID: DeliveryStatus
DELIVERY_STATUS_REJECTED: DeliveryStatus
DELIVERY_STATUS_UNSPECIFIED: DeliveryStatus
DESCRIPTOR: _descriptor.FileDescriptor

class DeliveryResult(_message.Message):
    __slots__ = ["apns_duration", "apns_id", "apns_request_id", "apns_unique_id", "attempts", "channel_id", "device_token", "http_status", "message", "notification_id", "possibly_duplicated", "reason", "retry_after", "status", "token_invalid_since"]
    APNS_DURATION_FIELD_NUMBER: _ClassVar[int]
    APNS_ID_FIELD_NUMBER: _ClassVar[int]
    APNS_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APNS_UNIQUE_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HTTP_STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    POSSIBLY_DUPLICATED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_INVALID_SINCE_FIELD_NUMBER: _ClassVar[int]
    apns_duration: _duration_pb2.Duration
    apns_id: str
    apns_request_id: str
    apns_unique_id: str
    attempts: int
    channel_id: str
    device_token: str
    http_status: int
    message: str
    notification_id: str
    possibly_duplicated: bool
    reason: str
    retry_after: _duration_pb2.Duration
    status: DeliveryStatus
    token_invalid_since: _timestamp_pb2.Timestamp
    def __init__(self, notification_id: _Optional[str] = ..., device_token: _Optional[str] = ..., status: _Optional[_Union[DeliveryStatus, str]] = ..., apns_id: _Optional[str] = ..., apns_unique_id: _Optional[str] = ..., http_status: _Optional[int] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ..., token_invalid_since: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., attempts: _Optional[int] = ..., apns_duration: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., possibly_duplicated: bool = ..., retry_after: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., channel_id: _Optional[str] = ..., apns_request_id: _Optional[str] = ...) -> None: ...

class DeliveryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
