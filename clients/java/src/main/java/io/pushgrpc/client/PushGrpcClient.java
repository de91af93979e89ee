package io.pushgrpc.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.pushgrpc.v1.ChannelResult;
import io.pushgrpc.v1.ChannelServiceGrpc;
import io.pushgrpc.v1.CreateChannelRequest;
import io.pushgrpc.v1.CreateChannelResponse;
import io.pushgrpc.v1.DeleteChannelRequest;
import io.pushgrpc.v1.DeliveryResult;
import io.pushgrpc.v1.GetChannelRequest;
import io.pushgrpc.v1.GetChannelResponse;
import io.pushgrpc.v1.ListChannelsRequest;
import io.pushgrpc.v1.ListChannelsResponse;
import io.pushgrpc.v1.MessageStoragePolicy;
import io.pushgrpc.v1.Notification;
import io.pushgrpc.v1.PushServiceGrpc;
import io.pushgrpc.v1.SendRequest;
import io.pushgrpc.v1.SendStreamRequest;
import io.pushgrpc.v1.SendStreamResponse;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A small client for the PushGrpc gateway: connect, {@link #send} one notification, or stream many with
 * {@link #sendStream} keeping a bounded number in flight; manage Live Activity broadcast channels
 * ({@link #createChannel}, {@link #getChannel}, {@link #deleteChannel}, {@link #listChannels}) and
 * {@link #broadcast} to them (build broadcasts and push-to-start notifications with {@link LiveActivities}).
 *
 * <p>Calls fail with {@link io.grpc.StatusRuntimeException} only when the call as a whole fails (transport error,
 * {@code INVALID_ARGUMENT} for a request without a notification, ...). What became of each notification and token
 * is in its {@link DeliveryResult}: ACCEPTED, REJECTED (permanent, see {@code reason}), FAILED (retryable) or
 * INVALID (refused by the gateway's validation, see {@code message}).
 */
public final class PushGrpcClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final PushServiceGrpc.PushServiceBlockingStub blockingStub;
  private final PushServiceGrpc.PushServiceStub asyncStub;
  private final ChannelServiceGrpc.ChannelServiceBlockingStub channelStub;

  /** Wraps a channel the caller built (its own credentials, interceptors, ...). {@link #close} shuts it down. */
  public PushGrpcClient(ManagedChannel channel) {
    this.channel = channel;
    this.blockingStub = PushServiceGrpc.newBlockingStub(channel);
    this.asyncStub = PushServiceGrpc.newStub(channel);
    this.channelStub = ChannelServiceGrpc.newBlockingStub(channel);
  }

  /** Connects over plaintext HTTP/2 (h2c) to {@code host:port}. */
  public static PushGrpcClient connect(String address) {
    return new PushGrpcClient(channel(address, InsecureChannelCredentials.create()));
  }

  /**
   * Connects over TLS to {@code host:port}, trusting the PEM certificates in {@code caFile}, or the JDK's default
   * trust store when {@code caFile} is null.
   */
  public static PushGrpcClient connectTls(String address, File caFile) throws IOException {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (caFile != null) {
      tls.trustManager(caFile);
    }
    return new PushGrpcClient(channel(address, tls.build()));
  }

  // Grpc.newChannelBuilderForAddress with channel credentials is the one API that compiles against both
  // grpc-netty-shaded (users) and Debian's plain grpc-netty (CI).
  private static ManagedChannel channel(String address, ChannelCredentials credentials) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("address must be HOST:PORT, got " + address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) { // [::1]:50051
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(address.substring(colon + 1));
    return Grpc.newChannelBuilderForAddress(host, port, credentials).build();
  }

  /** The underlying channel, for calls with your own stubs, deadlines or call options. */
  public ManagedChannel channel() {
    return channel;
  }

  /**
   * Sends one notification (to one or many device tokens) and returns when APNs has answered for every token: one
   * result per token, in the order of {@code device_tokens}.
   */
  public List<DeliveryResult> send(Notification notification) {
    return blockingStub
        .send(SendRequest.newBuilder().setNotification(notification).build())
        .getResultsList();
  }

  /**
   * Sends one broadcast: a notification addressed to a channel ({@link LiveActivities#broadcast}), and returns its
   * one result, which echoes the channel id and carries APNs's apns-request-id. A broadcast the gateway refuses
   * comes back as an INVALID result.
   *
   * @throws IllegalStateException when the gateway does not answer with exactly one result
   */
  public DeliveryResult broadcast(Notification notification) {
    List<DeliveryResult> results = send(notification);
    if (results.size() != 1) { // the contract promises one for a notification without device tokens
      throw new IllegalStateException("a broadcast got " + results.size() + " results, expected 1");
    }
    return results.get(0);
  }

  // Channel management. Like notifications, these report what APNs answered in a ChannelResult (ACCEPTED;
  // REJECTED with a reason such as "ChannelNotRegistered"; FAILED; INVALID) rather than throwing.

  /** Creates a broadcast channel; {@code getChannel()} holds its APNs-assigned id when the result is ACCEPTED. */
  public CreateChannelResponse createChannel(String app, MessageStoragePolicy policy) {
    return channelStub.createChannel(
        CreateChannelRequest.newBuilder().setApp(app).setMessageStoragePolicy(policy).build());
  }

  /** Reads a channel's configuration ({@code getChannel()}, when the result is ACCEPTED). */
  public GetChannelResponse getChannel(String app, String channelId) {
    return channelStub.getChannel(GetChannelRequest.newBuilder().setApp(app).setChannelId(channelId).build());
  }

  /** Deletes a channel for good. */
  public ChannelResult deleteChannel(String app, String channelId) {
    return channelStub
        .deleteChannel(DeleteChannelRequest.newBuilder().setApp(app).setChannelId(channelId).build())
        .getResult();
  }

  /** Lists the ids of all of the app's channels ({@code getChannelIdsList()}, when the result is ACCEPTED). */
  public ListChannelsResponse listChannels(String app) {
    return channelStub.listChannels(ListChannelsRequest.newBuilder().setApp(app).build());
  }

  /**
   * Streams {@code notifications} over one SendStream call with at most {@code window} notifications awaiting
   * results, and hands every result to {@code onResult} together with the notification it belongs to (matched by
   * {@link Notification#getId()}). Returns when every result has been handed over.
   *
   * <p>Ids must be unique among the notifications in flight. A notification expects one result per device token,
   * or one when it has none: a broadcast to a channel, or a notification addressing nothing (INVALID); its window
   * slot is freed when the last arrives.
   * {@code onResult} runs on a gRPC thread, one call at a time; if it throws, the call is cancelled and the
   * exception rethrown here.
   *
   * @throws io.grpc.StatusRuntimeException when the call fails as a whole
   * @throws IllegalArgumentException for a duplicate id in flight (the call is cancelled)
   * @throws IllegalStateException when the gateway ends the call before every notification was sent
   */
  public void sendStream(
      Iterable<Notification> notifications, int window, BiConsumer<Notification, DeliveryResult> onResult)
      throws InterruptedException {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    Semaphore slots = new Semaphore(window);
    Map<String, Pending> pending = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<ClientCallStreamObserver<SendStreamRequest>> call = new AtomicReference<>();

    StreamObserver<SendStreamResponse> responses =
        new StreamObserver<>() {
          @Override
          public void onNext(SendStreamResponse response) {
            DeliveryResult result = response.getResult();
            Pending entry = pending.get(result.getNotificationId());
            try {
              onResult.accept(entry == null ? null : entry.notification, result);
            } catch (RuntimeException | Error e) { // assertion errors in tests included
              failure.compareAndSet(null, e);
              call.get().cancel("result handler failed", e);
              return;
            }
            // gRPC delivers responses one at a time, so remaining needs no synchronisation.
            if (entry != null && --entry.remaining == 0) {
              pending.remove(result.getNotificationId());
              slots.release();
            }
          }

          @Override
          public void onError(Throwable t) {
            failure.compareAndSet(null, t);
            finish();
          }

          @Override
          public void onCompleted() {
            finish();
          }

          // Wakes a sender blocked on a full window so it sees the call has ended.
          private void finish() {
            done.countDown();
            slots.release();
          }
        };

    ClientCallStreamObserver<SendStreamRequest> requests =
        (ClientCallStreamObserver<SendStreamRequest>) asyncStub.sendStream(responses);
    call.set(requests);
    boolean sentAll = false;
    try {
      for (Notification notification : notifications) {
        slots.acquire();
        if (done.getCount() == 0 || failure.get() != null) {
          break; // the call ended early; its error is reported below
        }
        if (pending.putIfAbsent(notification.getId(), new Pending(notification)) != null) {
          throw new IllegalArgumentException("duplicate notification id in flight: " + notification.getId());
        }
        requests.onNext(SendStreamRequest.newBuilder().setNotification(notification).build());
      }
      if (done.getCount() != 0 && failure.get() == null) {
        requests.onCompleted(); // half-close: the gateway still writes every pending result
        sentAll = true;
      }
    } catch (RuntimeException | InterruptedException e) {
      requests.cancel("sender failed", e);
      // A failing callback may have cancelled the call under our feet (onNext then throws "call was cancelled"):
      // report the callback's exception, below, rather than that.
      if (e instanceof InterruptedException || failure.get() == null) {
        throw e;
      }
    }
    done.await();
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
    if (!sentAll) { // the gateway ends a call normally only after our half-close, unless it misbehaves
      throw new IllegalStateException("the gateway ended the stream before every notification was sent");
    }
  }

  /** Shuts the channel down, waiting up to 5 seconds for calls in progress. */
  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }

  private static final class Pending {
    final Notification notification;
    int remaining;

    Pending(Notification notification) {
      this.notification = notification;
      this.remaining = Math.max(1, notification.getDeviceTokensCount());
    }
  }
}
