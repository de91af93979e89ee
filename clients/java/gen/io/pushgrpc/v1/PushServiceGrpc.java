package io.pushgrpc.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * PushService delivers notifications to Apple devices through APNs.
 * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
 * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
 * that cannot be processed at all, such as a request without a notification.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: pushgrpc/v1/push_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class PushServiceGrpc {

  private PushServiceGrpc() {}

  public static final String SERVICE_NAME = "pushgrpc.v1.PushService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.SendRequest,
      io.pushgrpc.v1.SendResponse> getSendMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Send",
      requestType = io.pushgrpc.v1.SendRequest.class,
      responseType = io.pushgrpc.v1.SendResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.SendRequest,
      io.pushgrpc.v1.SendResponse> getSendMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.SendRequest, io.pushgrpc.v1.SendResponse> getSendMethod;
    if ((getSendMethod = PushServiceGrpc.getSendMethod) == null) {
      synchronized (PushServiceGrpc.class) {
        if ((getSendMethod = PushServiceGrpc.getSendMethod) == null) {
          PushServiceGrpc.getSendMethod = getSendMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.SendRequest, io.pushgrpc.v1.SendResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Send"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.SendRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.SendResponse.getDefaultInstance()))
              .setSchemaDescriptor(new PushServiceMethodDescriptorSupplier("Send"))
              .build();
        }
      }
    }
    return getSendMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.SendStreamRequest,
      io.pushgrpc.v1.SendStreamResponse> getSendStreamMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SendStream",
      requestType = io.pushgrpc.v1.SendStreamRequest.class,
      responseType = io.pushgrpc.v1.SendStreamResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.SendStreamRequest,
      io.pushgrpc.v1.SendStreamResponse> getSendStreamMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.SendStreamRequest, io.pushgrpc.v1.SendStreamResponse> getSendStreamMethod;
    if ((getSendStreamMethod = PushServiceGrpc.getSendStreamMethod) == null) {
      synchronized (PushServiceGrpc.class) {
        if ((getSendStreamMethod = PushServiceGrpc.getSendStreamMethod) == null) {
          PushServiceGrpc.getSendStreamMethod = getSendStreamMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.SendStreamRequest, io.pushgrpc.v1.SendStreamResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SendStream"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.SendStreamRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.SendStreamResponse.getDefaultInstance()))
              .setSchemaDescriptor(new PushServiceMethodDescriptorSupplier("SendStream"))
              .build();
        }
      }
    }
    return getSendStreamMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static PushServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<PushServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<PushServiceStub>() {
        @java.lang.Override
        public PushServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new PushServiceStub(channel, callOptions);
        }
      };
    return PushServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static PushServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<PushServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<PushServiceBlockingStub>() {
        @java.lang.Override
        public PushServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new PushServiceBlockingStub(channel, callOptions);
        }
      };
    return PushServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static PushServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<PushServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<PushServiceFutureStub>() {
        @java.lang.Override
        public PushServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new PushServiceFutureStub(channel, callOptions);
        }
      };
    return PushServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * PushService delivers notifications to Apple devices through APNs.
   * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
   * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
   * that cannot be processed at all, such as a request without a notification.
   * </pre>
   */
  public static abstract class PushServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Send delivers one notification (to one or many device tokens) and returns when APNs has answered for every
     * token.
     * </pre>
     */
    public void send(io.pushgrpc.v1.SendRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSendMethod(), responseObserver);
    }

    /**
     * <pre>
     * SendStream delivers a stream of notifications. Results come back as APNs answers, in any order; match them to
     * notifications by notification_id and device_token. When the caller half-closes, every pending result is
     * still written before the call ends. The server stops reading when its in-flight limit is reached, so HTTP/2
     * flow control pushes back on a caller that sends faster than APNs answers.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendStreamRequest> sendStream(
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendStreamResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getSendStreamMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getSendMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.pushgrpc.v1.SendRequest,
                io.pushgrpc.v1.SendResponse>(
                  this, METHODID_SEND)))
          .addMethod(
            getSendStreamMethod(),
            io.grpc.stub.ServerCalls.asyncBidiStreamingCall(
              new MethodHandlers<
                io.pushgrpc.v1.SendStreamRequest,
                io.pushgrpc.v1.SendStreamResponse>(
                  this, METHODID_SEND_STREAM)))
          .build();
    }
  }

  /**
   * <pre>
   * PushService delivers notifications to Apple devices through APNs.
   * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
   * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
   * that cannot be processed at all, such as a request without a notification.
   * </pre>
   */
  public static final class PushServiceStub extends io.grpc.stub.AbstractAsyncStub<PushServiceStub> {
    private PushServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected PushServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new PushServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Send delivers one notification (to one or many device tokens) and returns when APNs has answered for every
     * token.
     * </pre>
     */
    public void send(io.pushgrpc.v1.SendRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSendMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SendStream delivers a stream of notifications. Results come back as APNs answers, in any order; match them to
     * notifications by notification_id and device_token. When the caller half-closes, every pending result is
     * still written before the call ends. The server stops reading when its in-flight limit is reached, so HTTP/2
     * flow control pushes back on a caller that sends faster than APNs answers.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendStreamRequest> sendStream(
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendStreamResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
          getChannel().newCall(getSendStreamMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * <pre>
   * PushService delivers notifications to Apple devices through APNs.
   * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
   * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
   * that cannot be processed at all, such as a request without a notification.
   * </pre>
   */
  public static final class PushServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<PushServiceBlockingStub> {
    private PushServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected PushServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new PushServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Send delivers one notification (to one or many device tokens) and returns when APNs has answered for every
     * token.
     * </pre>
     */
    public io.pushgrpc.v1.SendResponse send(io.pushgrpc.v1.SendRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSendMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * PushService delivers notifications to Apple devices through APNs.
   * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
   * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
   * that cannot be processed at all, such as a request without a notification.
   * </pre>
   */
  public static final class PushServiceFutureStub extends io.grpc.stub.AbstractFutureStub<PushServiceFutureStub> {
    private PushServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected PushServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new PushServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Send delivers one notification (to one or many device tokens) and returns when APNs has answered for every
     * token.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.pushgrpc.v1.SendResponse> send(
        io.pushgrpc.v1.SendRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSendMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SEND = 0;
  private static final int METHODID_SEND_STREAM = 1;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final PushServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(PushServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SEND:
          serviceImpl.send((io.pushgrpc.v1.SendRequest) request,
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SEND_STREAM:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.sendStream(
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.SendStreamResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class PushServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    PushServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.pushgrpc.v1.PushServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("PushService");
    }
  }

  private static final class PushServiceFileDescriptorSupplier
      extends PushServiceBaseDescriptorSupplier {
    PushServiceFileDescriptorSupplier() {}
  }

  private static final class PushServiceMethodDescriptorSupplier
      extends PushServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    PushServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (PushServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new PushServiceFileDescriptorSupplier())
              .addMethod(getSendMethod())
              .addMethod(getSendStreamMethod())
              .build();
        }
      }
    }
    return result;
  }
}
