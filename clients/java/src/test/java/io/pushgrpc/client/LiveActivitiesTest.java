package io.pushgrpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushgrpc.examples.Broadcast;
import io.pushgrpc.v1.Alert;
import io.pushgrpc.v1.Aps;
import io.pushgrpc.v1.ChannelResult;
import io.pushgrpc.v1.CreateChannelResponse;
import io.pushgrpc.v1.DeliveryResult;
import io.pushgrpc.v1.DeliveryStatus;
import io.pushgrpc.v1.GetChannelResponse;
import io.pushgrpc.v1.ListChannelsResponse;
import io.pushgrpc.v1.LiveActivityEvent;
import io.pushgrpc.v1.MessageStoragePolicy;
import io.pushgrpc.v1.Notification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broadcast channels, broadcasts and push-to-start against the live gateway named by PUSHGRPC_ADDRESS. */
class LiveActivitiesTest extends GatewayTest {
  private static final MessageStoragePolicy NO_STORAGE = MessageStoragePolicy.MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED;
  private final List<String> created = new ArrayList<>();

  // Channels outlive a test; delete what a test left so the app stays far from APNs's 10,000-channel limit.
  @AfterEach
  void deleteChannels() {
    created.forEach(id -> client.deleteChannel("demo", id));
    created.clear();
  }

  private String createChannel(MessageStoragePolicy policy) {
    CreateChannelResponse response = client.createChannel("demo", policy);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, response.getResult().getStatus(), response.toString());
    assertFalse(response.getChannel().getId().isEmpty());
    assertFalse(response.getResult().getApnsRequestId().isEmpty());
    assertEquals(policy, response.getChannel().getMessageStoragePolicy());
    created.add(response.getChannel().getId());
    return response.getChannel().getId();
  }

  private static Notification.Builder update(String channelId) {
    return LiveActivities.broadcast(
        "demo",
        channelId,
        LiveActivityEvent.LIVE_ACTIVITY_EVENT_UPDATE,
        LiveActivities.json("{\"score\": \"1-0\", \"minute\": 12}"),
        Instant.now());
  }

  private static Notification.Builder pushToStart() {
    return LiveActivities.pushToStart(
        "demo",
        token(41),
        "MatchAttributes",
        LiveActivities.json("{\"home\": \"Lions\", \"away\": \"Tigers\"}"),
        LiveActivities.json("{\"score\": \"0-0\"}"),
        Alert.newBuilder().setTitle("Kick-off").setBody("Lions v Tigers").build(),
        Instant.now());
  }

  @Test
  void channelLifecycle() {
    String id = createChannel(NO_STORAGE);

    ListChannelsResponse list = client.listChannels("demo");
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, list.getResult().getStatus(), list.getResult().toString());
    assertTrue(list.getChannelIdsList().contains(id), list.toString());

    Notification.Builder goal = update(id).setId("goal");
    goal.getApsBuilder().setAlert(Alert.newBuilder().setTitle("Goal!").setBody("1-0"));
    DeliveryResult result = client.broadcast(goal.build());
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, result.getStatus(), result.toString());
    assertEquals(id, result.getChannelId());
    assertEquals("goal", result.getNotificationId());
    assertEquals("", result.getDeviceToken());
    assertFalse(result.getApnsRequestId().isEmpty());

    GetChannelResponse got = client.getChannel("demo", id);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, got.getResult().getStatus(), got.toString());
    assertEquals(id, got.getChannel().getId());
    assertEquals(NO_STORAGE, got.getChannel().getMessageStoragePolicy());

    ChannelResult deleted = client.deleteChannel("demo", id);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, deleted.getStatus(), deleted.toString());
    created.remove(id);

    GetChannelResponse gone = client.getChannel("demo", id);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_REJECTED, gone.getResult().getStatus(), gone.toString());
    assertEquals("ChannelNotRegistered", gone.getResult().getReason());
    assertFalse(gone.hasChannel());
  }

  @Test
  void expirationOnANoStorageChannelIsInvalid() {
    String id = createChannel(NO_STORAGE);

    DeliveryResult result =
        client.broadcast(update(id).setExpiration(Instant.now().plusSeconds(3600).getEpochSecond()).build());

    assertEquals(DeliveryStatus.DELIVERY_STATUS_INVALID, result.getStatus(), result.toString());
    assertTrue(result.getMessage().contains("expiration"), result.getMessage());
  }

  @Test
  void sendStreamCarriesABroadcastBesideTokens() throws InterruptedException {
    String id = createChannel(MessageStoragePolicy.MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED);
    Notification.Builder end =
        LiveActivities.broadcast(
                "demo",
                id,
                LiveActivityEvent.LIVE_ACTIVITY_EVENT_END,
                LiveActivities.json("{\"score\": \"2-1\"}"),
                Instant.now())
            .setId("final");
    end.getApsBuilder().setDismissalDate(Instant.now().plusSeconds(3600).getEpochSecond());
    Notification tokens =
        Notification.newBuilder()
            .setId("tokens")
            .setApp("demo")
            .addDeviceTokens(token(31))
            .addDeviceTokens(token(32))
            .setAps(Aps.newBuilder().setAlert(Alert.newBuilder().setBody("Hi")))
            .build();
    Map<String, List<DeliveryResult>> results = new HashMap<>();

    client.sendStream(
        List.of(tokens, end.build()),
        10,
        (n, r) -> results.computeIfAbsent(n.getId(), k -> new ArrayList<>()).add(r));

    assertEquals(2, results.get("tokens").size(), results.toString());
    assertEquals(1, results.get("final").size(), results.toString());
    DeliveryResult broadcast = results.get("final").get(0);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, broadcast.getStatus(), broadcast.toString());
    assertEquals(id, broadcast.getChannelId());
    assertFalse(broadcast.getApnsRequestId().isEmpty());
    for (DeliveryResult r : results.get("tokens")) {
      assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, r.getStatus(), r.toString());
      assertEquals("", r.getChannelId());
    }
  }

  @Test
  void pushToStartIsAccepted() {
    Notification.Builder start = pushToStart().setId("start");
    start.getApsBuilder().setInputPushChannel(createChannel(NO_STORAGE));

    List<DeliveryResult> results = client.send(start.build());

    assertEquals(1, results.size());
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, results.get(0).getStatus(), results.toString());
    assertEquals(token(41), results.get(0).getDeviceToken());
  }

  @Test
  void pushToStartWithoutAttributesTypeIsInvalid() {
    Notification.Builder start = pushToStart();
    start.getApsBuilder().clearAttributesType();

    List<DeliveryResult> results = client.send(start.build());

    assertEquals(1, results.size());
    assertEquals(DeliveryStatus.DELIVERY_STATUS_INVALID, results.get(0).getStatus(), results.toString());
    assertTrue(results.get(0).getMessage().contains("aps.attributes_type"), results.get(0).getMessage());
  }

  @Test
  void jsonRefusesWhatIsNotAnObject() {
    assertThrows(IllegalArgumentException.class, () -> LiveActivities.json("[1, 2]"));
  }

  @Test
  void broadcastExampleCreatesUpdatesAndDeletes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        Broadcast.run(
            new String[] {
              "--address", address, "--content-state", "{\"score\":\"2-1\",\"minute\":88}", "--title", "Goal",
              "--body", "2-1", "--delete"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String output = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertEquals(0, exit, output + err.toString(StandardCharsets.UTF_8));
    assertTrue(
        output.matches(
            "create: ACCEPTED 201 \\(apns-request-id \\S+\\)\nchannel: \\S+\n"
                + "update: ACCEPTED 200 \\(apns-request-id \\S+\\)\ndelete: ACCEPTED 204 \\(apns-request-id \\S+\\)\n"),
        output);
  }
}
