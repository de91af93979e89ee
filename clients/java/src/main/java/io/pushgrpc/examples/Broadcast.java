package io.pushgrpc.examples;

import io.grpc.StatusRuntimeException;
import io.pushgrpc.client.LiveActivities;
import io.pushgrpc.client.PushGrpcClient;
import io.pushgrpc.v1.Alert;
import io.pushgrpc.v1.ChannelResult;
import io.pushgrpc.v1.CreateChannelResponse;
import io.pushgrpc.v1.DeliveryResult;
import io.pushgrpc.v1.DeliveryStatus;
import io.pushgrpc.v1.LiveActivityEvent;
import io.pushgrpc.v1.MessageStoragePolicy;
import io.pushgrpc.v1.Notification;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Updates (or ends) a Live Activity through a broadcast channel: creates a channel unless {@code --channel} names
 * one, broadcasts the content state to it, and with {@code --delete} deletes the channel afterwards. Prints one
 * line per step.
 *
 * <pre>
 * broadcast [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] [--channel ID]
 *           [--storage no-message-stored|most-recent-message-stored] --content-state JSON [--title T] [--body B]
 *           [--end] [--delete]
 * </pre>
 *
 * Exit status: 0 when every step was ACCEPTED, 1 when one was not or on a transport or gRPC error, 2 on bad usage.
 */
public final class Broadcast {
  private static final String USAGE =
      "usage: broadcast [--address HOST:PORT] [--tls] [--ca FILE] [--app NAME] [--channel ID]"
          + " [--storage no-message-stored|most-recent-message-stored] --content-state JSON [--title T] [--body B]"
          + " [--end] [--delete]";

  private Broadcast() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the example; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    Flags flags;
    String channelId;
    String contentState;
    boolean end;
    MessageStoragePolicy policy;
    Notification.Builder notification;
    try {
      flags =
          Flags.parse(
              args,
              Set.of("--channel", "--storage", "--content-state", "--title", "--body"),
              Set.of("--end", "--delete"));
      channelId = flags.get("--channel", null);
      contentState = flags.get("--content-state", null);
      end = flags.has("--end");
      String title = flags.get("--title", "");
      String body = flags.get("--body", "");
      if (contentState == null) {
        throw new IllegalArgumentException("--content-state is required");
      }
      policy = storagePolicy(flags.get("--storage", "no-message-stored"));
      notification =
          LiveActivities.broadcast(
              flags.app(),
              "", // set below, once the channel exists
              end ? LiveActivityEvent.LIVE_ACTIVITY_EVENT_END : LiveActivityEvent.LIVE_ACTIVITY_EVENT_UPDATE,
              LiveActivities.json(contentState),
              Instant.now());
      if (!title.isEmpty() || !body.isEmpty()) {
        notification.getApsBuilder().setAlert(Alert.newBuilder().setTitle(title).setBody(body));
      }
    } catch (IllegalArgumentException e) { // an unknown policy and a content state that is not a JSON object included
      err.println("broadcast: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }

    int exit = 0;
    try (PushGrpcClient client = flags.connect()) {
      if (channelId == null) {
        CreateChannelResponse created = client.createChannel(flags.app(), policy);
        out.println("create: " + describe(created.getResult()));
        if (created.getResult().getStatus() != DeliveryStatus.DELIVERY_STATUS_ACCEPTED) {
          return 1;
        }
        channelId = created.getChannel().getId();
        out.println("channel: " + channelId);
      }
      DeliveryResult result = client.broadcast(notification.setChannelId(channelId).build());
      out.println((end ? "end: " : "update: ")
          + describe(result.getStatus(), result.getHttpStatus(), result.getReason(), result.getMessage(),
              result.getApnsRequestId()));
      if (result.getStatus() != DeliveryStatus.DELIVERY_STATUS_ACCEPTED) {
        exit = 1;
      }
      if (flags.has("--delete")) {
        ChannelResult deleted = client.deleteChannel(flags.app(), channelId);
        out.println("delete: " + describe(deleted));
        if (deleted.getStatus() != DeliveryStatus.DELIVERY_STATUS_ACCEPTED) {
          exit = 1;
        }
      }
    } catch (StatusRuntimeException e) {
      err.println("broadcast: " + e.getStatus());
      return 1;
    } catch (IOException e) {
      err.println("broadcast: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
    }
    return exit;
  }

  /** "most-recent-message-stored" -> MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED. */
  private static MessageStoragePolicy storagePolicy(String name) {
    try {
      MessageStoragePolicy policy =
          MessageStoragePolicy.valueOf("MESSAGE_STORAGE_POLICY_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (policy != MessageStoragePolicy.MESSAGE_STORAGE_POLICY_UNSPECIFIED) {
        return policy;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("unknown --storage " + name);
  }

  private static String describe(ChannelResult r) {
    return describe(r.getStatus(), r.getHttpStatus(), r.getReason(), r.getMessage(), r.getApnsRequestId());
  }

  /** One outcome: "ACCEPTED 200 (apns-request-id ...)" or "REJECTED 400 ChannelNotRegistered". */
  private static String describe(
      DeliveryStatus status, int httpStatus, String reason, String message, String requestId) {
    StringBuilder s = new StringBuilder(status.name().replaceFirst("^DELIVERY_STATUS_", ""));
    if (httpStatus != 0) {
      s.append(' ').append(httpStatus);
    }
    if (!reason.isEmpty()) {
      s.append(' ').append(reason);
    }
    if (!message.isEmpty()) {
      s.append(": ").append(message);
    }
    if (!requestId.isEmpty()) {
      s.append(" (apns-request-id ").append(requestId).append(')');
    }
    return s.toString();
  }
}
