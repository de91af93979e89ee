package io.pushgrpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pushgrpc.examples.Send;
import io.pushgrpc.v1.Alert;
import io.pushgrpc.v1.Aps;
import io.pushgrpc.v1.DeliveryResult;
import io.pushgrpc.v1.DeliveryStatus;
import io.pushgrpc.v1.Notification;
import io.pushgrpc.v1.PushServiceGrpc;
import io.pushgrpc.v1.SendRequest;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against the live gateway named by PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE. */
class PushGrpcClientTest extends GatewayTest {
  // The embedded simulator answers 400 BadDeviceToken for tokens starting ffffffff0400, 410 Unregistered for
  // ffffffff0410, and 200 for any other well-formed token.
  private static final String BAD_DEVICE_TOKEN = "ffffffff0400" + "ab".repeat(26);
  private static final String UNREGISTERED_TOKEN = "ffffffff0410" + "ab".repeat(26);

  private static Notification.Builder notification(String id, String... tokens) {
    return Notification.newBuilder()
        .setId(id)
        .setApp("demo")
        .addAllDeviceTokens(List.of(tokens))
        .setAps(Aps.newBuilder().setAlert(Alert.newBuilder().setTitle("Hi").setBody("from Java")));
  }

  @Test
  void sendSingleToken() {
    List<DeliveryResult> results = client.send(notification("one", token(1)).build());

    assertEquals(1, results.size());
    DeliveryResult result = results.get(0);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, result.getStatus(), result.toString());
    assertEquals("one", result.getNotificationId());
    assertEquals(token(1), result.getDeviceToken());
    assertEquals(200, result.getHttpStatus());
    assertFalse(result.getApnsId().isEmpty());
  }

  @Test
  void sendMulticastReturnsResultsInTokenOrder() {
    String[] tokens = {token(10), token(11), token(12)};
    List<DeliveryResult> results = client.send(notification("multi", tokens).build());

    assertEquals(3, results.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, results.get(i).getStatus());
      assertEquals(tokens[i], results.get(i).getDeviceToken());
      assertEquals("multi", results.get(i).getNotificationId());
    }
  }

  @Test
  void badDeviceTokenIsRejected() {
    DeliveryResult result = client.send(notification("bad", BAD_DEVICE_TOKEN).build()).get(0);

    assertEquals(DeliveryStatus.DELIVERY_STATUS_REJECTED, result.getStatus());
    assertEquals("BadDeviceToken", result.getReason());
    assertEquals(400, result.getHttpStatus());
  }

  @Test
  void unregisteredTokenCarriesTokenInvalidSince() {
    DeliveryResult result = client.send(notification("gone", UNREGISTERED_TOKEN).build()).get(0);

    assertEquals(DeliveryStatus.DELIVERY_STATUS_REJECTED, result.getStatus());
    assertEquals("Unregistered", result.getReason());
    assertEquals(410, result.getHttpStatus());
    assertTrue(result.hasTokenInvalidSince());
  }

  @Test
  void invalidNotificationsGetInvalidResultsNamingTheField() {
    DeliveryResult badToken = client.send(notification("short", "abc").build()).get(0);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_INVALID, badToken.getStatus());
    assertTrue(badToken.getMessage().contains("device_tokens[0]"), badToken.getMessage());

    DeliveryResult badApp = client.send(notification("app", token(1)).setApp("no-such-app").build()).get(0);
    assertEquals(DeliveryStatus.DELIVERY_STATUS_INVALID, badApp.getStatus());
    assertTrue(badApp.getMessage().contains("app"), badApp.getMessage());
  }

  @Test
  void sendWithoutNotificationIsInvalidArgument() {
    PushServiceGrpc.PushServiceBlockingStub stub = PushServiceGrpc.newBlockingStub(client.channel());

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.send(SendRequest.getDefaultInstance()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  @Test
  void sendStreamReturnsOneResultPerNotification() throws InterruptedException {
    int count = 10_000;
    int invalidAt = 4_999; // id n5000
    List<Notification> notifications = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      notifications.add(notification("n" + (i + 1), i == invalidAt ? "abc" : token(i)).build());
    }
    List<DeliveryResult> invalid = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int[] results = {0};

    client.sendStream(
        notifications,
        1000,
        (notification, result) -> {
          assertNotNull(notification, "result for an unknown id " + result.getNotificationId());
          assertEquals(notification.getId(), result.getNotificationId());
          results[0]++;
          ids.add(result.getNotificationId());
          if (result.getStatus() == DeliveryStatus.DELIVERY_STATUS_INVALID) {
            invalid.add(result);
          } else {
            assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, result.getStatus(), result.toString());
          }
        });

    assertEquals(count, results[0]);
    assertEquals(count, ids.size());
    assertEquals(1, invalid.size());
    assertEquals("n5000", invalid.get(0).getNotificationId());
    assertTrue(invalid.get(0).getMessage().contains("device_tokens[0]"), invalid.get(0).getMessage());
  }

  @Test
  void sendStreamRethrowsHandlerFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<Notification> notifications = List.of(notification("x1", token(1)).build());

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> client.sendStream(notifications, 10, (n, r) -> {
              throw boom;
            }));
    assertSame(boom, thrown);
  }

  @Test
  void sendOverTlsWithCaFile() throws Exception {
    try (PushGrpcClient tls =
        PushGrpcClient.connectTls(env("PUSHGRPC_TLS_ADDRESS"), new File(env("PUSHGRPC_CA_FILE")))) {
      DeliveryResult result = tls.send(notification("tls", token(1)).build()).get(0);
      assertEquals(DeliveryStatus.DELIVERY_STATUS_ACCEPTED, result.getStatus(), result.toString());
    }
  }

  @Test
  void sendExamplePrintsSummary(@TempDir Path dir) throws Exception {
    Path tokens = dir.resolve("tokens.txt");
    Files.writeString(tokens, token(1) + "\n\n" + BAD_DEVICE_TOKEN + "\n" + token(2) + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        Send.run(
            new String[] {"--address", address, "--tokens", tokens.toString(), "--title", "Hi", "--body", "there"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertEquals(
        "sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n",
        out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void sendExampleFailsOnTransportError(@TempDir Path dir) throws Exception {
    Path tokens = dir.resolve("tokens.txt");
    Files.writeString(tokens, token(1) + "\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    // Port 1 on loopback: nothing listens there, so the call fails with UNAVAILABLE.
    int exit =
        Send.run(
            new String[] {"--address", "127.0.0.1:1", "--tokens", tokens.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(1, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("UNAVAILABLE"), err.toString(StandardCharsets.UTF_8));
  }
}
