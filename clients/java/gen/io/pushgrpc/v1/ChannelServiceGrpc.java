package io.pushgrpc.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
 * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
 * channel with a push-to-start notification (aps.input_push_channel) or from the app.
 * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
 * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
 * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: pushgrpc/v1/channel_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class ChannelServiceGrpc {

  private ChannelServiceGrpc() {}

  public static final String SERVICE_NAME = "pushgrpc.v1.ChannelService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.CreateChannelRequest,
      io.pushgrpc.v1.CreateChannelResponse> getCreateChannelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateChannel",
      requestType = io.pushgrpc.v1.CreateChannelRequest.class,
      responseType = io.pushgrpc.v1.CreateChannelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.CreateChannelRequest,
      io.pushgrpc.v1.CreateChannelResponse> getCreateChannelMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.CreateChannelRequest, io.pushgrpc.v1.CreateChannelResponse> getCreateChannelMethod;
    if ((getCreateChannelMethod = ChannelServiceGrpc.getCreateChannelMethod) == null) {
      synchronized (ChannelServiceGrpc.class) {
        if ((getCreateChannelMethod = ChannelServiceGrpc.getCreateChannelMethod) == null) {
          ChannelServiceGrpc.getCreateChannelMethod = getCreateChannelMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.CreateChannelRequest, io.pushgrpc.v1.CreateChannelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateChannel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.CreateChannelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.CreateChannelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ChannelServiceMethodDescriptorSupplier("CreateChannel"))
              .build();
        }
      }
    }
    return getCreateChannelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.GetChannelRequest,
      io.pushgrpc.v1.GetChannelResponse> getGetChannelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetChannel",
      requestType = io.pushgrpc.v1.GetChannelRequest.class,
      responseType = io.pushgrpc.v1.GetChannelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.GetChannelRequest,
      io.pushgrpc.v1.GetChannelResponse> getGetChannelMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.GetChannelRequest, io.pushgrpc.v1.GetChannelResponse> getGetChannelMethod;
    if ((getGetChannelMethod = ChannelServiceGrpc.getGetChannelMethod) == null) {
      synchronized (ChannelServiceGrpc.class) {
        if ((getGetChannelMethod = ChannelServiceGrpc.getGetChannelMethod) == null) {
          ChannelServiceGrpc.getGetChannelMethod = getGetChannelMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.GetChannelRequest, io.pushgrpc.v1.GetChannelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetChannel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.GetChannelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.GetChannelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ChannelServiceMethodDescriptorSupplier("GetChannel"))
              .build();
        }
      }
    }
    return getGetChannelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.DeleteChannelRequest,
      io.pushgrpc.v1.DeleteChannelResponse> getDeleteChannelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteChannel",
      requestType = io.pushgrpc.v1.DeleteChannelRequest.class,
      responseType = io.pushgrpc.v1.DeleteChannelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.DeleteChannelRequest,
      io.pushgrpc.v1.DeleteChannelResponse> getDeleteChannelMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.DeleteChannelRequest, io.pushgrpc.v1.DeleteChannelResponse> getDeleteChannelMethod;
    if ((getDeleteChannelMethod = ChannelServiceGrpc.getDeleteChannelMethod) == null) {
      synchronized (ChannelServiceGrpc.class) {
        if ((getDeleteChannelMethod = ChannelServiceGrpc.getDeleteChannelMethod) == null) {
          ChannelServiceGrpc.getDeleteChannelMethod = getDeleteChannelMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.DeleteChannelRequest, io.pushgrpc.v1.DeleteChannelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteChannel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.DeleteChannelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.DeleteChannelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ChannelServiceMethodDescriptorSupplier("DeleteChannel"))
              .build();
        }
      }
    }
    return getDeleteChannelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.pushgrpc.v1.ListChannelsRequest,
      io.pushgrpc.v1.ListChannelsResponse> getListChannelsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListChannels",
      requestType = io.pushgrpc.v1.ListChannelsRequest.class,
      responseType = io.pushgrpc.v1.ListChannelsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.pushgrpc.v1.ListChannelsRequest,
      io.pushgrpc.v1.ListChannelsResponse> getListChannelsMethod() {
    io.grpc.MethodDescriptor<io.pushgrpc.v1.ListChannelsRequest, io.pushgrpc.v1.ListChannelsResponse> getListChannelsMethod;
    if ((getListChannelsMethod = ChannelServiceGrpc.getListChannelsMethod) == null) {
      synchronized (ChannelServiceGrpc.class) {
        if ((getListChannelsMethod = ChannelServiceGrpc.getListChannelsMethod) == null) {
          ChannelServiceGrpc.getListChannelsMethod = getListChannelsMethod =
              io.grpc.MethodDescriptor.<io.pushgrpc.v1.ListChannelsRequest, io.pushgrpc.v1.ListChannelsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListChannels"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.ListChannelsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.pushgrpc.v1.ListChannelsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ChannelServiceMethodDescriptorSupplier("ListChannels"))
              .build();
        }
      }
    }
    return getListChannelsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ChannelServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ChannelServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ChannelServiceStub>() {
        @java.lang.Override
        public ChannelServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ChannelServiceStub(channel, callOptions);
        }
      };
    return ChannelServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ChannelServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ChannelServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ChannelServiceBlockingStub>() {
        @java.lang.Override
        public ChannelServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ChannelServiceBlockingStub(channel, callOptions);
        }
      };
    return ChannelServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ChannelServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ChannelServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ChannelServiceFutureStub>() {
        @java.lang.Override
        public ChannelServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ChannelServiceFutureStub(channel, callOptions);
        }
      };
    return ChannelServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
   * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
   * channel with a push-to-start notification (aps.input_push_channel) or from the app.
   * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
   * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
   * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
   * </pre>
   */
  public static abstract class ChannelServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * CreateChannel creates a channel. APNs chooses its id. The storage policy cannot be changed later.
     * </pre>
     */
    public void createChannel(io.pushgrpc.v1.CreateChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.CreateChannelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateChannelMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetChannel reads a channel's configuration.
     * </pre>
     */
    public void getChannel(io.pushgrpc.v1.GetChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.GetChannelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetChannelMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteChannel deletes a channel for good. Messages APNs still stores for it may yet be delivered.
     * </pre>
     */
    public void deleteChannel(io.pushgrpc.v1.DeleteChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.DeleteChannelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteChannelMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListChannels lists the ids of all of an app's channels (in the app's environment).
     * </pre>
     */
    public void listChannels(io.pushgrpc.v1.ListChannelsRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.ListChannelsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListChannelsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateChannelMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.pushgrpc.v1.CreateChannelRequest,
                io.pushgrpc.v1.CreateChannelResponse>(
                  this, METHODID_CREATE_CHANNEL)))
          .addMethod(
            getGetChannelMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.pushgrpc.v1.GetChannelRequest,
                io.pushgrpc.v1.GetChannelResponse>(
                  this, METHODID_GET_CHANNEL)))
          .addMethod(
            getDeleteChannelMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.pushgrpc.v1.DeleteChannelRequest,
                io.pushgrpc.v1.DeleteChannelResponse>(
                  this, METHODID_DELETE_CHANNEL)))
          .addMethod(
            getListChannelsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.pushgrpc.v1.ListChannelsRequest,
                io.pushgrpc.v1.ListChannelsResponse>(
                  this, METHODID_LIST_CHANNELS)))
          .build();
    }
  }

  /**
   * <pre>
   * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
   * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
   * channel with a push-to-start notification (aps.input_push_channel) or from the app.
   * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
   * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
   * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
   * </pre>
   */
  public static final class ChannelServiceStub extends io.grpc.stub.AbstractAsyncStub<ChannelServiceStub> {
    private ChannelServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ChannelServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ChannelServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateChannel creates a channel. APNs chooses its id. The storage policy cannot be changed later.
     * </pre>
     */
    public void createChannel(io.pushgrpc.v1.CreateChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.CreateChannelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateChannelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetChannel reads a channel's configuration.
     * </pre>
     */
    public void getChannel(io.pushgrpc.v1.GetChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.GetChannelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetChannelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteChannel deletes a channel for good. Messages APNs still stores for it may yet be delivered.
     * </pre>
     */
    public void deleteChannel(io.pushgrpc.v1.DeleteChannelRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.DeleteChannelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteChannelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListChannels lists the ids of all of an app's channels (in the app's environment).
     * </pre>
     */
    public void listChannels(io.pushgrpc.v1.ListChannelsRequest request,
        io.grpc.stub.StreamObserver<io.pushgrpc.v1.ListChannelsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListChannelsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
   * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
   * channel with a push-to-start notification (aps.input_push_channel) or from the app.
   * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
   * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
   * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
   * </pre>
   */
  public static final class ChannelServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<ChannelServiceBlockingStub> {
    private ChannelServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ChannelServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ChannelServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateChannel creates a channel. APNs chooses its id. The storage policy cannot be changed later.
     * </pre>
     */
    public io.pushgrpc.v1.CreateChannelResponse createChannel(io.pushgrpc.v1.CreateChannelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateChannelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetChannel reads a channel's configuration.
     * </pre>
     */
    public io.pushgrpc.v1.GetChannelResponse getChannel(io.pushgrpc.v1.GetChannelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetChannelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteChannel deletes a channel for good. Messages APNs still stores for it may yet be delivered.
     * </pre>
     */
    public io.pushgrpc.v1.DeleteChannelResponse deleteChannel(io.pushgrpc.v1.DeleteChannelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteChannelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListChannels lists the ids of all of an app's channels (in the app's environment).
     * </pre>
     */
    public io.pushgrpc.v1.ListChannelsResponse listChannels(io.pushgrpc.v1.ListChannelsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListChannelsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
   * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
   * channel with a push-to-start notification (aps.input_push_channel) or from the app.
   * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
   * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
   * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
   * </pre>
   */
  public static final class ChannelServiceFutureStub extends io.grpc.stub.AbstractFutureStub<ChannelServiceFutureStub> {
    private ChannelServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ChannelServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ChannelServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateChannel creates a channel. APNs chooses its id. The storage policy cannot be changed later.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.pushgrpc.v1.CreateChannelResponse> createChannel(
        io.pushgrpc.v1.CreateChannelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateChannelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetChannel reads a channel's configuration.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.pushgrpc.v1.GetChannelResponse> getChannel(
        io.pushgrpc.v1.GetChannelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetChannelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteChannel deletes a channel for good. Messages APNs still stores for it may yet be delivered.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.pushgrpc.v1.DeleteChannelResponse> deleteChannel(
        io.pushgrpc.v1.DeleteChannelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteChannelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListChannels lists the ids of all of an app's channels (in the app's environment).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.pushgrpc.v1.ListChannelsResponse> listChannels(
        io.pushgrpc.v1.ListChannelsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListChannelsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_CHANNEL = 0;
  private static final int METHODID_GET_CHANNEL = 1;
  private static final int METHODID_DELETE_CHANNEL = 2;
  private static final int METHODID_LIST_CHANNELS = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final ChannelServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(ChannelServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_CHANNEL:
          serviceImpl.createChannel((io.pushgrpc.v1.CreateChannelRequest) request,
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.CreateChannelResponse>) responseObserver);
          break;
        case METHODID_GET_CHANNEL:
          serviceImpl.getChannel((io.pushgrpc.v1.GetChannelRequest) request,
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.GetChannelResponse>) responseObserver);
          break;
        case METHODID_DELETE_CHANNEL:
          serviceImpl.deleteChannel((io.pushgrpc.v1.DeleteChannelRequest) request,
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.DeleteChannelResponse>) responseObserver);
          break;
        case METHODID_LIST_CHANNELS:
          serviceImpl.listChannels((io.pushgrpc.v1.ListChannelsRequest) request,
              (io.grpc.stub.StreamObserver<io.pushgrpc.v1.ListChannelsResponse>) responseObserver);
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
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class ChannelServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ChannelServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.pushgrpc.v1.ChannelServiceOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ChannelService");
    }
  }

  private static final class ChannelServiceFileDescriptorSupplier
      extends ChannelServiceBaseDescriptorSupplier {
    ChannelServiceFileDescriptorSupplier() {}
  }

  private static final class ChannelServiceMethodDescriptorSupplier
      extends ChannelServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    ChannelServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (ChannelServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ChannelServiceFileDescriptorSupplier())
              .addMethod(getCreateChannelMethod())
              .addMethod(getGetChannelMethod())
              .addMethod(getDeleteChannelMethod())
              .addMethod(getListChannelsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
