from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
INTERRUPTION_LEVEL_ACTIVE: InterruptionLevel
INTERRUPTION_LEVEL_CRITICAL: InterruptionLevel
INTERRUPTION_LEVEL_PASSIVE: InterruptionLevel
INTERRUPTION_LEVEL_TIME_SENSITIVE: InterruptionLevel
INTERRUPTION_LEVEL_UNSPECIFIED: InterruptionLevel
LIVE_ACTIVITY_EVENT_END: LiveActivityEvent
LIVE_ACTIVITY_EVENT_START: LiveActivityEvent
LIVE_ACTIVITY_EVENT_UNSPECIFIED: LiveActivityEvent
LIVE_ACTIVITY_EVENT_UPDATE: LiveActivityEvent
PRIORITY_CONSERVE_POWER: Priority
PRIORITY_IMMEDIATE: Priority
PRIORITY_MINIMAL: Priority
PRIORITY_UNSPECIFIED: Priority
PUSH_TYPE_ALERT: PushType
PUSH_TYPE_BACKGROUND: PushType
PUSH_TYPE_COMPLICATION: PushType
PUSH_TYPE_CONTROLS: PushType
PUSH_TYPE_FILEPROVIDER: PushType
PUSH_TYPE_LIVEACTIVITY: PushType
PUSH_TYPE_LOCATION: PushType
PUSH_TYPE_MDM: PushType
PUSH_TYPE_PUSHTOTALK: PushType
PUSH_TYPE_UNSPECIFIED: PushType
PUSH_TYPE_VOIP: PushType
PUSH_TYPE_WIDGETS: PushType

class Alert(_message.Message):
    __slots__ = ["body", "launch_image", "loc_args", "loc_key", "subtitle", "subtitle_loc_args", "subtitle_loc_key", "title", "title_loc_args", "title_loc_key"]
    BODY_FIELD_NUMBER: _ClassVar[int]
    LAUNCH_IMAGE_FIELD_NUMBER: _ClassVar[int]
    LOC_ARGS_FIELD_NUMBER: _ClassVar[int]
    LOC_KEY_FIELD_NUMBER: _ClassVar[int]
    SUBTITLE_FIELD_NUMBER: _ClassVar[int]
    SUBTITLE_LOC_ARGS_FIELD_NUMBER: _ClassVar[int]
    SUBTITLE_LOC_KEY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TITLE_LOC_ARGS_FIELD_NUMBER: _ClassVar[int]
    TITLE_LOC_KEY_FIELD_NUMBER: _ClassVar[int]
    body: str
    launch_image: str
    loc_args: _containers.RepeatedScalarFieldContainer[str]
    loc_key: str
    subtitle: str
    subtitle_loc_args: _containers.RepeatedScalarFieldContainer[str]
    subtitle_loc_key: str
    title: str
    title_loc_args: _containers.RepeatedScalarFieldContainer[str]
    title_loc_key: str
    def __init__(self, title: _Optional[str] = ..., subtitle: _Optional[str] = ..., body: _Optional[str] = ..., launch_image: _Optional[str] = ..., title_loc_key: _Optional[str] = ..., title_loc_args: _Optional[_Iterable[str]] = ..., subtitle_loc_key: _Optional[str] = ..., subtitle_loc_args: _Optional[_Iterable[str]] = ..., loc_key: _Optional[str] = ..., loc_args: _Optional[_Iterable[str]] = ...) -> None: ...

class Aps(_message.Message):
    __slots__ = ["alert", "attributes", "attributes_type", "badge", "category", "content_available", "content_changed", "content_state", "critical_sound", "dismissal_date", "event", "filter_criteria", "input_push_channel", "input_push_token", "interruption_level", "mutable_content", "relevance_score", "sound_name", "stale_date", "target_content_id", "thread_id", "timestamp"]
    ALERT_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_TYPE_FIELD_NUMBER: _ClassVar[int]
    BADGE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_CHANGED_FIELD_NUMBER: _ClassVar[int]
    CONTENT_STATE_FIELD_NUMBER: _ClassVar[int]
    CRITICAL_SOUND_FIELD_NUMBER: _ClassVar[int]
    DISMISSAL_DATE_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    FILTER_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    INPUT_PUSH_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    INPUT_PUSH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INTERRUPTION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    MUTABLE_CONTENT_FIELD_NUMBER: _ClassVar[int]
    RELEVANCE_SCORE_FIELD_NUMBER: _ClassVar[int]
    SOUND_NAME_FIELD_NUMBER: _ClassVar[int]
    STALE_DATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_CONTENT_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    alert: Alert
    attributes: _struct_pb2.Struct
    attributes_type: str
    badge: int
    category: str
    content_available: bool
    content_changed: bool
    content_state: _struct_pb2.Struct
    critical_sound: CriticalSound
    dismissal_date: int
    event: LiveActivityEvent
    filter_criteria: str
    input_push_channel: str
    input_push_token: bool
    interruption_level: InterruptionLevel
    mutable_content: bool
    relevance_score: float
    sound_name: str
    stale_date: int
    target_content_id: str
    thread_id: str
    timestamp: int
    def __init__(self, alert: _Optional[_Union[Alert, _Mapping]] = ..., badge: _Optional[int] = ..., sound_name: _Optional[str] = ..., critical_sound: _Optional[_Union[CriticalSound, _Mapping]] = ..., thread_id: _Optional[str] = ..., category: _Optional[str] = ..., content_available: bool = ..., mutable_content: bool = ..., target_content_id: _Optional[str] = ..., interruption_level: _Optional[_Union[InterruptionLevel, str]] = ..., relevance_score: _Optional[float] = ..., filter_criteria: _Optional[str] = ..., event: _Optional[_Union[LiveActivityEvent, str]] = ..., content_state: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., timestamp: _Optional[int] = ..., stale_date: _Optional[int] = ..., dismissal_date: _Optional[int] = ..., attributes_type: _Optional[str] = ..., attributes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., input_push_token: bool = ..., input_push_channel: _Optional[str] = ..., content_changed: bool = ...) -> None: ...

class CriticalSound(_message.Message):
    __slots__ = ["critical", "name", "volume"]
    CRITICAL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    critical: bool
    name: str
    volume: float
    def __init__(self, critical: bool = ..., name: _Optional[str] = ..., volume: _Optional[float] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ["apns_id", "app", "aps", "at_most_once", "channel_id", "collapse_id", "custom_data", "device_tokens", "expiration", "id", "priority", "push_type", "raw_payload", "topic"]
    APNS_ID_FIELD_NUMBER: _ClassVar[int]
    APP_FIELD_NUMBER: _ClassVar[int]
    APS_FIELD_NUMBER: _ClassVar[int]
    AT_MOST_ONCE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    COLLAPSE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_DATA_FIELD_NUMBER: _ClassVar[int]
    DEVICE_TOKENS_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PUSH_TYPE_FIELD_NUMBER: _ClassVar[int]
    RAW_PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    apns_id: str
    app: str
    aps: Aps
    at_most_once: bool
    channel_id: str
    collapse_id: str
    custom_data: _struct_pb2.Struct
    device_tokens: _containers.RepeatedScalarFieldContainer[str]
    expiration: int
    id: str
    priority: Priority
    push_type: PushType
    raw_payload: str
    topic: str
    def __init__(self, id: _Optional[str] = ..., app: _Optional[str] = ..., device_tokens: _Optional[_Iterable[str]] = ..., push_type: _Optional[_Union[PushType, str]] = ..., priority: _Optional[_Union[Priority, str]] = ..., expiration: _Optional[int] = ..., collapse_id: _Optional[str] = ..., apns_id: _Optional[str] = ..., topic: _Optional[str] = ..., aps: _Optional[_Union[Aps, _Mapping]] = ..., custom_data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_payload: _Optional[str] = ..., at_most_once: bool = ..., channel_id: _Optional[str] = ...) -> None: ...

class PushType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Priority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class InterruptionLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LiveActivityEvent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
