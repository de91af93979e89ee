package io.pushgrpc.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.pushgrpc.v1.Alert;
import io.pushgrpc.v1.Aps;
import io.pushgrpc.v1.LiveActivityEvent;
import io.pushgrpc.v1.Notification;
import io.pushgrpc.v1.PushType;
import java.time.Instant;

/**
 * Builders for Live Activity notifications: broadcasts to a channel and push-to-start. They return builders so
 * that optional fields can be added before {@code build()}.
 */
public final class LiveActivities {
  private LiveActivities() {}

  /**
   * A Live Activity broadcast to a channel: push type liveactivity, {@code event} UPDATE or END (a broadcast
   * cannot start an activity), the content state and its timestamp. Add an alert, stale/dismissal date or
   * relevance score on {@code getApsBuilder()}, and priority (the gateway's default is 10) or expiration (leave it
   * unset, or 0, for a channel that stores no message) on the builder.
   */
  public static Notification.Builder broadcast(
      String app, String channelId, LiveActivityEvent event, Struct contentState, Instant timestamp) {
    return Notification.newBuilder()
        .setApp(app)
        .setChannelId(channelId)
        .setPushType(PushType.PUSH_TYPE_LIVEACTIVITY)
        .setAps(
            Aps.newBuilder()
                .setEvent(event)
                .setContentState(contentState)
                .setTimestamp(timestamp.getEpochSecond()));
  }

  /**
   * A push-to-start notification (iOS 17.2+) for a push-to-start token: event START with the ActivityAttributes
   * type name, its static attributes, the initial content state, an alert and a timestamp. Subscribe the new
   * activity to a channel with {@code getApsBuilder().setInputPushChannel(id)}, or ask for an update token with
   * {@code setInputPushToken(true)}.
   */
  public static Notification.Builder pushToStart(
      String app,
      String deviceToken,
      String attributesType,
      Struct attributes,
      Struct contentState,
      Alert alert,
      Instant timestamp) {
    return Notification.newBuilder()
        .setApp(app)
        .addDeviceTokens(deviceToken)
        .setPushType(PushType.PUSH_TYPE_LIVEACTIVITY)
        .setAps(
            Aps.newBuilder()
                .setEvent(LiveActivityEvent.LIVE_ACTIVITY_EVENT_START)
                .setAlert(alert)
                .setAttributesType(attributesType)
                .setAttributes(attributes)
                .setContentState(contentState)
                .setTimestamp(timestamp.getEpochSecond()));
  }

  /**
   * Parses a JSON object into a Struct, for a content state or attributes.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static Struct json(String json) {
    Struct.Builder struct = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, struct);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
    return struct.build();
  }
}
