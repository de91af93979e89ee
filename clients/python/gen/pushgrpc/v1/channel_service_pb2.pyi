from google.protobuf import duration_pb2 as _duration_pb2
from pushgrpc.v1 import delivery_result_pb2 as _delivery_result_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED: MessageStoragePolicy
MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED: MessageStoragePolicy
MESSAGE_STORAGE_POLICY_UNSPECIFIED: MessageStoragePolicy

class BroadcastChannel(_message.Message):
    __slots__ = ["id", "message_storage_policy"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_STORAGE_POLICY_FIELD_NUMBER: _ClassVar[int]
    id: str
    message_storage_policy: MessageStoragePolicy
    def __init__(self, id: _Optional[str] = ..., message_storage_policy: _Optional[_Union[MessageStoragePolicy, str]] = ...) -> None: ...

class ChannelResult(_message.Message):
    __slots__ = ["apns_duration", "apns_request_id", "attempts", "http_status", "message", "reason", "retry_after", "status"]
    APNS_DURATION_FIELD_NUMBER: _ClassVar[int]
    APNS_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    HTTP_STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    apns_duration: _duration_pb2.Duration
    apns_request_id: str
    attempts: int
    http_status: int
    message: str
    reason: str
    retry_after: _duration_pb2.Duration
    status: _delivery_result_pb2.DeliveryStatus
    def __init__(self, status: _Optional[_Union[_delivery_result_pb2.DeliveryStatus, str]] = ..., apns_request_id: _Optional[str] = ..., http_status: _Optional[int] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ..., attempts: _Optional[int] = ..., apns_duration: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., retry_after: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class CreateChannelRequest(_message.Message):
    __slots__ = ["app", "message_storage_policy"]
    APP_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_STORAGE_POLICY_FIELD_NUMBER: _ClassVar[int]
    app: str
    message_storage_policy: MessageStoragePolicy
    def __init__(self, app: _Optional[str] = ..., message_storage_policy: _Optional[_Union[MessageStoragePolicy, str]] = ...) -> None: ...

class CreateChannelResponse(_message.Message):
    __slots__ = ["channel", "result"]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    channel: BroadcastChannel
    result: ChannelResult
    def __init__(self, result: _Optional[_Union[ChannelResult, _Mapping]] = ..., channel: _Optional[_Union[BroadcastChannel, _Mapping]] = ...) -> None: ...

class DeleteChannelRequest(_message.Message):
    __slots__ = ["app", "channel_id"]
    APP_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    channel_id: str
    def __init__(self, app: _Optional[str] = ..., channel_id: _Optional[str] = ...) -> None: ...

class DeleteChannelResponse(_message.Message):
    __slots__ = ["result"]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: ChannelResult
    def __init__(self, result: _Optional[_Union[ChannelResult, _Mapping]] = ...) -> None: ...

class GetChannelRequest(_message.Message):
    __slots__ = ["app", "channel_id"]
    APP_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    app: str
    channel_id: str
    def __init__(self, app: _Optional[str] = ..., channel_id: _Optional[str] = ...) -> None: ...

class GetChannelResponse(_message.Message):
    __slots__ = ["channel", "result"]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    channel: BroadcastChannel
    result: ChannelResult
    def __init__(self, result: _Optional[_Union[ChannelResult, _Mapping]] = ..., channel: _Optional[_Union[BroadcastChannel, _Mapping]] = ...) -> None: ...

class ListChannelsRequest(_message.Message):
    __slots__ = ["app"]
    APP_FIELD_NUMBER: _ClassVar[int]
    app: str
    def __init__(self, app: _Optional[str] = ...) -> None: ...

class ListChannelsResponse(_message.Message):
    __slots__ = ["channel_ids", "result"]
    CHANNEL_IDS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    channel_ids: _containers.RepeatedScalarFieldContainer[str]
    result: ChannelResult
    def __init__(self, result: _Optional[_Union[ChannelResult, _Mapping]] = ..., channel_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MessageStoragePolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
