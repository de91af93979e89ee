package io.pushgrpc.examples;

import io.grpc.StatusRuntimeException;
import io.pushgrpc.client.PushGrpcClient;
import io.pushgrpc.v1.Alert;
import io.pushgrpc.v1.Aps;
import io.pushgrpc.v1.DeliveryResult;
import io.pushgrpc.v1.Notification;
import io.pushgrpc.v1.PushType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Streams one notification per device token of a file through SendStream and prints a summary.
 *
 * <pre>
 * send [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] --tokens FILE [--title T] [--body B]
 *      [--push-type alert|background|voip|...] [--window N]
 * </pre>
 *
 * Exit status: 0 when the stream completed (whatever the results), 1 on a transport or gRPC error, 2 on bad usage.
 */
public final class Send {
  private static final String USAGE =
      "usage: send [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] --tokens FILE [--title T] [--body B]"
          + " [--push-type alert|background|voip|...] [--window N]";

  private Send() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the example; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    Flags flags;
    String tokensFile;
    String title;
    String body;
    String pushType;
    int window;
    try {
      flags = Flags.parse(args, Set.of("--tokens", "--title", "--body", "--push-type", "--window"), Set.of());
      tokensFile = flags.get("--tokens", null);
      title = flags.get("--title", "");
      body = flags.get("--body", "");
      pushType = flags.get("--push-type", "alert");
      window = Integer.parseInt(flags.get("--window", "1000"));
      if (tokensFile == null) {
        throw new IllegalArgumentException("--tokens is required");
      }
      if (window < 1) {
        throw new IllegalArgumentException("--window must be at least 1");
      }
    } catch (IllegalArgumentException e) { // NumberFormatException included
      err.println("send: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }

    PushType type;
    try {
      // "voip" -> PUSH_TYPE_VOIP; the enum names follow apns-push-type ("liveactivity", "pushtotalk", ...).
      type = PushType.valueOf("PUSH_TYPE_" + pushType.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      type = PushType.PUSH_TYPE_UNSPECIFIED;
    }
    if (type == PushType.PUSH_TYPE_UNSPECIFIED) {
      err.println("send: unknown push type " + pushType);
      err.println(USAGE);
      return 2;
    }

    List<String> tokens;
    try {
      tokens =
          Files.readAllLines(Path.of(tokensFile)).stream()
              .map(String::trim)
              .filter(line -> !line.isEmpty())
              .collect(Collectors.toList());
    } catch (IOException e) {
      err.println("send: cannot read " + tokensFile + ": " + e.getMessage());
      return 2;
    }

    Aps.Builder aps = Aps.newBuilder();
    if (!title.isEmpty() || !body.isEmpty()) {
      aps.setAlert(Alert.newBuilder().setTitle(title).setBody(body));
    }
    if (type == PushType.PUSH_TYPE_BACKGROUND) {
      aps.setContentAvailable(true);
    }
    List<Notification> notifications = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      notifications.add(
          Notification.newBuilder()
              .setId("n" + (i + 1))
              .setApp(flags.app())
              .addDeviceTokens(tokens.get(i))
              .setPushType(type)
              .setAps(aps)
              .build());
    }

    Summary summary = new Summary();
    try (PushGrpcClient client = flags.connect()) {
      client.sendStream(notifications, window, (notification, result) -> summary.add(result));
    } catch (StatusRuntimeException e) {
      err.println("send: " + e.getStatus());
      return 1;
    } catch (IOException e) {
      err.println("send: " + e.getMessage());
      return 1;
    }
    summary.sent = notifications.size();
    summary.print(out);
    return 0;
  }

  /** Counts results by status, and rejections by APNs reason. */
  private static final class Summary {
    int sent;
    int accepted;
    int rejected;
    int failed;
    int invalid;
    final Map<String, Integer> reasons = new TreeMap<>(); // sorted by name

    // Called from the gRPC thread only, one result at a time.
    void add(DeliveryResult result) {
      switch (result.getStatus()) {
        case DELIVERY_STATUS_ACCEPTED -> accepted++;
        case DELIVERY_STATUS_REJECTED -> {
          rejected++;
          reasons.merge(result.getReason().isEmpty() ? "unknown" : result.getReason(), 1, Integer::sum);
        }
        case DELIVERY_STATUS_FAILED -> failed++;
        case DELIVERY_STATUS_INVALID -> invalid++;
        default -> { }
      }
    }

    void print(PrintStream out) {
      out.println("sent: " + sent);
      out.println("accepted: " + accepted);
      if (rejected > 0) {
        out.println(
            "rejected: " + rejected + " ("
                + reasons.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", "))
                + ")");
      }
      out.println("failed: " + failed);
      out.println("invalid: " + invalid);
      out.flush();
    }
  }
}
