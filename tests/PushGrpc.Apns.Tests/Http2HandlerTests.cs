using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using PushGrpc.Apns.Internal;
using PushGrpc.Apns.Internal.Http2;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

/// <summary>
/// <see cref="Http2Handler"/> against a server whose every frame the test writes: the protocol cases Kestrel never
/// produces (Huffman and split header blocks, padding, late SETTINGS, tiny windows, GOAWAY mid-flight, refused and
/// reset streams, silent peers, server protocol errors, HPACK table size changes).
/// </summary>
public sealed class Http2HandlerTests(CertificateFixture certificates) : IClassFixture<CertificateFixture>
{
    private static readonly Http2ConnectionOptions NoKeepAlive = new(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    // As long as a real provider token, so indexing it makes a visible difference.
    private static readonly string Authorization = "bearer " + new string('j', 160);

    // RFC 7541 C.6.1 (":status: 302", "cache-control: private", date, location; Huffman strings, all indexed) and C.6.2,
    // which reuses C.6.1's dynamic table entries (":status: 307", then c1/c0/bf).
    private static readonly byte[] RfcC61 = Convert.FromHexString(
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3");

    private static readonly byte[] RfcC62 = Convert.FromHexString("4883640effc1c0bf");

    private static readonly byte[] Payload = "{\"aps\":{\"alert\":\"hi\"}}"u8.ToArray();

    // ---- Answers ----

    [Fact]
    public async Task Send_HuffmanBlockSplitOverPaddedHeadersAndContinuations_DecodesHeadersAndPaddedBody()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var send = client.SendAsync(NewRequest(server), CancellationToken.None);
        var connection = await server.AcceptAsync();
        var request = await connection.ReadRequestAsync();

        // HEADERS with PADDED and PRIORITY (5 bytes of dependency and weight before the fragment), then two CONTINUATIONs.
        await connection.SendFrameAsync(FrameType.Headers, FrameFlags.Priority, request.StreamId, [0, 0, 0, 0, 15, .. RfcC61[..10]], padding: 7);
        await connection.SendContinuationAsync(request.StreamId, RfcC61[10..30], endHeaders: false);
        await connection.SendContinuationAsync(request.StreamId, RfcC61[30..], endHeaders: true);
        await connection.SendDataAsync(request.StreamId, "{\"reason\":"u8.ToArray(), endStream: false, padding: 3);
        await connection.SendDataAsync(request.StreamId, "\"BadDeviceToken\"}"u8.ToArray(), endStream: true, padding: 200);

        using var response = await send.WithTimeout();
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("private", Header(response, "cache-control"));
        Assert.Equal("Mon, 21 Oct 2013 20:13:21 GMT", Header(response, "date"));
        Assert.Equal("https://www.example.com", Header(response, "location"));
        Assert.Equal("{\"reason\":\"BadDeviceToken\"}", await response.Content.ReadAsStringAsync().WithTimeout());
    }

    [Fact]
    public async Task Send_InformationalHeadersBeforeFinalAnswer_AreSkipped()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var send = client.SendAsync(NewRequest(server, apnsId: "6e4cbbe5-d1c3-4e0e-8b8f-2f6f8b1f3c11"), CancellationToken.None);
        var connection = await server.AcceptAsync();
        var request = await connection.ReadRequestAsync();
        await connection.SendHeadersAsync(request.StreamId, ScriptedHttp2Connection.EncodeHeaders((":status", "100")), endStream: false);
        await connection.AnswerAsync(request.StreamId, 200, ("apns-id", request["apns-id"]));

        using var response = await send.WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("6e4cbbe5-d1c3-4e0e-8b8f-2f6f8b1f3c11", Header(response, "apns-id"));
    }

    [Theory]
    [InlineData("no :status")]
    [InlineData("field before :status")]
    [InlineData("two :status")]
    public async Task Send_MalformedAnswerHeaders_ResetsStreamWithProtocolErrorAndKeepsConnection(string problem)
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.MaxConcurrentStreams, 100));

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        var streamId = (await connection.ReadRequestAsync()).StreamId;
        (string, string)[] fields = problem switch
        {
            "no :status" => [("apns-id", ApnsId(1))],
            "field before :status" => [("apns-id", ApnsId(1)), (":status", "200")],
            _ => [(":status", "200"), (":status", "200")],
        };
        await connection.SendHeadersAsync(streamId, ScriptedHttp2Connection.EncodeHeaders(fields), endStream: true);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal((long)Http2Error.ProtocolError, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
        Assert.Equal(AttemptFate.Unknown, AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false).Fate);
        var reset = await connection.ReadFrameAsync(FrameType.RstStream);
        Assert.Equal((streamId, Http2Error.ProtocolError), (reset.StreamId, reset.ErrorCode));

        // A stream error: the connection goes on.
        var next = client.SendAsync(NewRequest(server), CancellationToken.None);
        await connection.AnswerAsync((await connection.ReadRequestAsync()).StreamId);
        await AssertOkAsync(next);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    // ---- Stream limits ----

    [Fact]
    public async Task Send_BeforeServerSettings_OpensOneStreamUntilSettingsRaiseTheLimit()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var sends = Enumerable.Range(0, 3).Select(i => client.SendAsync(NewRequest(server, apnsId: ApnsId(i)), CancellationToken.None)).ToArray();
        var connection = await server.AcceptAsync();
        var first = await connection.ReadRequestAsync();
        Assert.Equal(1, first.StreamId);

        // APNs starts token connections at one stream; the client must assume so until the server's SETTINGS.
        await AssertNoHeadersForAWhileAsync(connection);

        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var second = await connection.ReadRequestAsync();
        var third = await connection.ReadRequestAsync();
        Assert.Equal(new[] { 3, 5 }, new[] { second.StreamId, third.StreamId }.Order());
        foreach (var request in new[] { first, second, third })
        {
            await connection.AnswerAsync(request.StreamId);
        }

        foreach (var send in sends)
        {
            await AssertOkAsync(send);
        }
    }

    [Fact]
    public async Task Send_MaxConcurrentStreamsTwo_NeverOpensMoreThanTwo()
    {
        const int Requests = 6;
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var sends = Enumerable.Range(0, Requests).Select(i => client.SendAsync(NewRequest(server, apnsId: ApnsId(i)), CancellationToken.None)).ToArray();
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 2));
        var open = new Queue<int>();
        var answered = 0;
        while (answered < Requests)
        {
            var request = await connection.ReadRequestAsync();
            open.Enqueue(request.StreamId);
            Assert.True(open.Count <= 2, $"stream {request.StreamId} opened while {open.Count - 1} were unanswered");
            if (open.Count < 2 && answered + open.Count < Requests)
            {
                continue;
            }

            // Both slots taken: before making room, give the client every chance to overstep the limit.
            var between = await connection.PingRoundTripAsync();
            Assert.DoesNotContain(between, frame => frame.Type == FrameType.Headers);
            await connection.AnswerAsync(open.Dequeue());
            answered++;
            if (answered + open.Count == Requests)
            {
                while (open.TryDequeue(out var last))
                {
                    await connection.AnswerAsync(last);
                    answered++;
                }
            }
        }

        foreach (var send in sends)
        {
            await AssertOkAsync(send);
        }

        Assert.Equal(1, server.ConnectionsAccepted);
    }

    // ---- Flow control ----

    [Fact]
    public async Task Send_SmallInitialWindow_SendsOnlyWhatWindowUpdatesAllow()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.InitialWindowSize, 10), (SettingId.MaxConcurrentStreams, 100));
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        var send = client.SendAsync(NewRequest(server, body), CancellationToken.None);
        var headers = await connection.ReadFrameAsync(FrameType.Headers);
        var sent = await DataUntilPingAckAsync(connection, headers.StreamId);
        Assert.Equal(10, sent.Length);

        await connection.SendWindowUpdateAsync(headers.StreamId, 40);
        var more = await DataUntilPingAckAsync(connection, headers.StreamId);
        Assert.Equal(40, more.Length);

        await connection.SendWindowUpdateAsync(0, 1000);
        await connection.SendWindowUpdateAsync(headers.StreamId, 50);
        var request = await connection.ReadRequestAsync();
        Assert.Equal(body, request.Body);

        await connection.AnswerAsync(request.StreamId);
        await AssertOkAsync(send);
    }

    [Fact]
    public async Task Send_SettingsLowerInitialWindowMidStream_NegativeWindowIsHonoured()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.InitialWindowSize, 10), (SettingId.MaxConcurrentStreams, 100));
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        var send = client.SendAsync(NewRequest(server, body), CancellationToken.None);
        var headers = await connection.ReadFrameAsync(FrameType.Headers);
        Assert.Equal(10, (await DataUntilPingAckAsync(connection, headers.StreamId)).Length);

        // 10 sent of a window of 10; the window drops to 0, so the stream's window is -10 and +15 leaves 5 (RFC 9113 §6.9.2).
        await connection.SendSettingsAsync((SettingId.InitialWindowSize, 0));
        await connection.SendWindowUpdateAsync(headers.StreamId, 15);
        Assert.Equal(5, (await DataUntilPingAckAsync(connection, headers.StreamId)).Length);

        await connection.SendSettingsAsync((SettingId.InitialWindowSize, 1000));
        var request = await connection.ReadRequestAsync();
        Assert.Equal(body, request.Body);

        await connection.AnswerAsync(request.StreamId);
        await AssertOkAsync(send);
    }

    [Fact]
    public async Task Send_BodyLargerThanConnectionWindow_WaitsForConnectionWindowUpdate()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.InitialWindowSize, 1_000_000), (SettingId.MaxConcurrentStreams, 100));
        var body = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();

        var send = client.SendAsync(NewRequest(server, body), CancellationToken.None);
        var headers = await connection.ReadFrameAsync(FrameType.Headers);

        // The connection window is 65,535 whatever SETTINGS say (§6.9.2), and the warm-up sent no body.
        Assert.Equal(Http2Protocol.DefaultWindowSize, (await DataUntilPingAckAsync(connection, headers.StreamId)).Length);

        await connection.SendWindowUpdateAsync(0, 10_000);
        var request = await connection.ReadRequestAsync();
        Assert.Equal(body, request.Body);

        await connection.AnswerAsync(request.StreamId);
        await AssertOkAsync(send);
    }

    [Fact]
    public async Task Send_AnsweredBeforeBodyIsSent_StopsSendingAndResetsStreamWithNoError()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.InitialWindowSize, 10), (SettingId.MaxConcurrentStreams, 100));

        var send = client.SendAsync(NewRequest(server, new byte[100]), CancellationToken.None);
        var headers = await connection.ReadFrameAsync(FrameType.Headers);
        Assert.Equal(10, (await DataUntilPingAckAsync(connection, headers.StreamId)).Length);

        // RFC 9113 §8.1: an answer may come before the request is complete; the rest of the body is then not sent.
        await connection.AnswerAsync(headers.StreamId, 413);
        using var response = await send.WithTimeout();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var reset = await connection.ReadFrameAsync(FrameType.RstStream);
        Assert.Equal((headers.StreamId, Http2Error.NoError), (reset.StreamId, reset.ErrorCode));

        await connection.SendWindowUpdateAsync(headers.StreamId, 1000);
        Assert.DoesNotContain(await connection.PingRoundTripAsync(), frame => frame.Type == FrameType.Data);
    }

    [Fact]
    public async Task Send_StreamWindowUpdateOverflows_ResetsStreamWithFlowControlError()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.InitialWindowSize, 10), (SettingId.MaxConcurrentStreams, 100));

        var send = client.SendAsync(NewRequest(server, new byte[100]), CancellationToken.None);
        var headers = await connection.ReadFrameAsync(FrameType.Headers);

        // Window 10 - 10 sent = 0; + 2^31-1 is the most a window may be (and lets the other 90 bytes go), the same
        // again is far beyond it (RFC 9113 §6.9.1).
        await connection.SendWindowUpdateAsync(headers.StreamId, int.MaxValue);
        await connection.SendWindowUpdateAsync(headers.StreamId, int.MaxValue);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal((long)Http2Error.FlowControlError, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
        var reset = await connection.ReadFrameAsync(FrameType.RstStream);
        Assert.Equal((headers.StreamId, Http2Error.FlowControlError), (reset.StreamId, reset.ErrorCode));
    }

    [Fact]
    public async Task Send_HeaderBlockAndBodyLargerThanMaxFrameSize_SplitIntoFramesOfAtMostThatSize()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.MaxConcurrentStreams, 100));

        // 20 KB of header value (a collapse id never is, but the framing must hold) and 40 KB of body.
        var request = NewRequest(server, Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray());
        request.Headers.TryAddWithoutValidation("x-large", new string('v', 20_000));
        var send = client.SendAsync(request, CancellationToken.None);

        var frames = new List<ClientFrame>();
        while (frames.Count == 0 || !frames[^1].Has(FrameFlags.EndStream) || frames[^1].Type != FrameType.Data)
        {
            var frame = await connection.ReadFrameAsync();
            if (frame.Type is FrameType.Headers or FrameType.Continuation or FrameType.Data)
            {
                frames.Add(frame);
            }
        }

        Assert.All(frames, frame => Assert.InRange(frame.Payload.Length, 1, Http2Protocol.DefaultMaxFrameSize));
        Assert.Equal([FrameType.Headers, FrameType.Continuation], frames.Select(frame => frame.Type).Distinct().Take(2));
        Assert.Single(frames, frame => frame.Has(FrameFlags.EndHeaders));
        var received = await connection.ReadRequestAsync();
        AssertFields(request, received);
        Assert.Equal(((ApnsPayloadContent)request.Content!).Payload.ToArray(), received.Body);

        await connection.AnswerAsync(received.StreamId);
        await AssertOkAsync(send);
    }

    // ---- GOAWAY, refused and reset streams, lost connections ----

    [Fact]
    public async Task Send_GoAwayWithStreamsInFlight_FinishesOldStreamAndResendsOthersOnNewConnection()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var requests = Enumerable.Range(0, 3).Select(i => NewRequest(server, apnsId: ApnsId(i))).ToArray();
        var sends = requests.Select(request => client.SendAsync(request, CancellationToken.None)).ToArray();
        var old = await server.AcceptAsync();
        await old.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var onOld = new List<ClientRequest>();
        for (var i = 0; i < 3; i++)
        {
            onOld.Add(await old.ReadRequestAsync());
        }

        Assert.Equal(new[] { 1, 3, 5 }, onOld.Select(request => request.StreamId).Order());
        var kept = onOld.Single(request => request.StreamId == 1);
        await old.SendGoAwayAsync(lastStreamId: 1, Http2Error.NoError, "going away");

        var fresh = await server.AcceptAsync();
        await fresh.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var onFresh = new List<ClientRequest> { await fresh.ReadRequestAsync(), await fresh.ReadRequestAsync() };
        Assert.Equal(
            onOld.Where(request => request.StreamId != 1).Select(request => request["apns-id"]).Order(),
            onFresh.Select(request => request["apns-id"]).Order());
        foreach (var request in onFresh)
        {
            await fresh.AnswerAsync(request.StreamId, 200, ("apns-id", request["apns-id"]));
        }

        await old.AnswerAsync(kept.StreamId, 200, ("apns-id", kept["apns-id"]));
        for (var i = 0; i < 3; i++)
        {
            using var response = await sends[i].WithTimeout();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ApnsId(i), Header(response, "apns-id"));
            Assert.Equal(ApnsId(i) == kept["apns-id"] ? 1 : 2, Writes(requests[i]));
        }

        // Its last stream answered, the old connection has nothing left to do: the client closes it.
        var afterGoAway = await old.ReadUntilClosedAsync();
        Assert.DoesNotContain(afterGoAway, frame => frame.Type == FrameType.Headers);
        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_EveryConnectionGoesAwayAfterTheStreamOpens_ResendsMaxResendsTimesThenFailsAsNeverProcessed()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        for (var i = 0; i < 1 + Http2Handler.MaxResends; i++)
        {
            var connection = await server.AcceptAsync();
            Assert.Equal(1, (await connection.ReadRequestAsync()).StreamId);
            await connection.SendGoAwayAsync(lastStreamId: 0, Http2Error.NoError, "maintenance");
        }

        // A stream above a GOAWAY's last-stream-id was not processed (RFC 9113 §6.8): each is a resend, and they are limited.
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal((long)Http2Error.RefusedStream, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
        Assert.Equal(1 + Http2Handler.MaxResends, Writes(request));
        Assert.Equal((AttemptFate.NeverProcessed, 4), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
        Assert.Equal(1 + Http2Handler.MaxResends, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_EveryConnectionGoesAwayBeforeAnyStreamOpens_GivesUpAfterMaxResends()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);

        // The connect function waits for the server's first frame and hands it to the client with the stream, so the
        // client reads the GOAWAY inside Http2Connection.Start, before the request can get a stream: what happens by
        // chance when a server says GOAWAY right after the handshake (APNs does, e.g. on maintenance).
        using var client = new HttpMessageInvoker(new Http2Handler(
            async (endPoint, cancellationToken) =>
            {
                var tls = await ConnectAsync(endPoint, cancellationToken);
                var goAway = new byte[Http2Protocol.FrameHeaderLength + 8];
                await tls.ReadExactlyAsync(goAway, cancellationToken);
                return new PrefixedStream(goAway, tls);
            },
            NoKeepAlive,
            TestTimeouts.Default));

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        var accepted = server.AcceptAsync();
        const int Enough = 2 * (1 + Http2Handler.MaxResends);
        while (await Task.WhenAny(send, accepted).WithTimeout() == accepted && server.ConnectionsAccepted <= Enough)
        {
            await (await accepted).SendGoAwayAsync(lastStreamId: 0, Http2Error.NoError);
            accepted = server.AcceptAsync();
        }

        Assert.True(send.IsCompleted, $"the handler is still reconnecting after {server.ConnectionsAccepted} connections that each went away at once");
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal(0, Writes(request));
        Assert.Equal(AttemptFate.NotSent, AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false).Fate);
        Assert.InRange(server.ConnectionsAccepted, 1, 1 + Http2Handler.MaxResends);
    }

    [Fact]
    public async Task Send_ServerRefusesStreamEveryTime_ResendsAndCountsEachWriteThenFailsWithRefusedStream()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var streams = new List<int>();
        for (var i = 0; i < 1 + Http2Handler.MaxResends; i++)
        {
            var refused = await connection.ReadRequestAsync();
            Assert.Equal(Payload, refused.Body);
            streams.Add(refused.StreamId);
            await connection.SendRstStreamAsync(refused.StreamId, Http2Error.RefusedStream);
        }

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal(HttpRequestError.HttpProtocolError, ex.HttpRequestError);
        Assert.Equal((long)Http2Error.RefusedStream, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
        Assert.Equal(1 + Http2Handler.MaxResends, Writes(request));
        Assert.Equal(new[] { 1, 3, 5, 7 }, streams);
        Assert.Equal((AttemptFate.NeverProcessed, 4), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));

        // No fifth attempt.
        Assert.DoesNotContain(await connection.PingRoundTripAsync(), frame => frame.Type == FrameType.Headers);
    }

    [Fact]
    public async Task Send_ServerRefusesStreamOnce_ResendsAndSucceedsWithTwoWrites()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        await connection.SendRstStreamAsync((await connection.ReadRequestAsync()).StreamId, Http2Error.RefusedStream);
        var resent = await connection.ReadRequestAsync();
        Assert.Equal(3, resent.StreamId);
        await connection.AnswerAsync(resent.StreamId);

        await AssertOkAsync(send);
        Assert.Equal(2, Writes(request));
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("goaway")]
    public async Task Send_NotProcessedClaimAfterAnswerBegan_FailsAsUnknownWithoutResend(string claim)
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server, apnsId: ApnsId(1));
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var streamId = (await connection.ReadRequestAsync()).StreamId;

        // The answer's HEADERS say the server processed the request; a REFUSED_STREAM or a GOAWAY below the stream
        // after them is a server's mistake and must not make the client send the push again unmarked.
        await connection.SendHeadersAsync(streamId, ScriptedHttp2Connection.EncodeHeaders((":status", "400")), endStream: false);
        if (claim == "refused")
        {
            await connection.SendRstStreamAsync(streamId, Http2Error.RefusedStream);
        }
        else
        {
            await connection.SendGoAwayAsync(0, Http2Error.NoError);
        }

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal(1, Writes(request));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_TokenAlreadyCancelled_NothingGoesOnTheWire()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.MaxConcurrentStreams, 100));

        var request = NewRequest(server, apnsId: ApnsId(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request, new CancellationToken(canceled: true)).WithTimeout());

        Assert.Equal(0, Writes(request));
        Assert.DoesNotContain(await connection.PingRoundTripAsync(), frame => frame.Type is FrameType.Headers or FrameType.Data);
    }

    [Fact]
    public async Task Send_ServerResetsStreamWithInternalError_FailsWithThatCodeWithoutResend()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server, apnsId: ApnsId(1));
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        await connection.SendRstStreamAsync((await connection.ReadRequestAsync()).StreamId, Http2Error.InternalError);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.Equal((long)Http2Error.InternalError, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
        Assert.Equal(1, Writes(request));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));

        // The next stream on the connection is the next request, not a resend of the reset one.
        var next = client.SendAsync(NewRequest(server, apnsId: ApnsId(2)), CancellationToken.None);
        var nextRequest = await connection.ReadRequestAsync();
        Assert.Equal((3, ApnsId(2)), (nextRequest.StreamId, nextRequest["apns-id"]));
        await connection.AnswerAsync(nextRequest.StreamId);
        await AssertOkAsync(next);
    }

    [Fact]
    public async Task Send_ServerClosesSocketAfterRequest_FailsAsUnknownFateAndNextRequestReconnects()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var request = NewRequest(server);
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        await connection.ReadRequestAsync();
        connection.Abort();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        Assert.NotEqual((long)Http2Error.RefusedStream, (ex.InnerException as HttpProtocolException)?.ErrorCode);
        Assert.Equal(1, Writes(request));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));

        var next = client.SendAsync(NewRequest(server), CancellationToken.None);
        var fresh = await server.AcceptAsync();
        var resent = await fresh.ReadRequestAsync();
        Assert.Equal(1, resent.StreamId);
        await fresh.AnswerAsync(resent.StreamId);
        await AssertOkAsync(next);
        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_ConnectionLostWithRequestStillQueued_QueuedRequestGoesOutOnNewConnectionOnce()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        // Before the server's SETTINGS one stream is open; the second request waits for a slot and never gets one.
        var opened = NewRequest(server, apnsId: ApnsId(1));
        var queued = NewRequest(server, apnsId: ApnsId(2));
        var sendOpened = client.SendAsync(opened, CancellationToken.None);
        var connection = await server.AcceptAsync();
        Assert.Equal(ApnsId(1), (await connection.ReadRequestAsync())["apns-id"]);
        var sendQueued = client.SendAsync(queued, CancellationToken.None);
        await AssertNoHeadersForAWhileAsync(connection);
        connection.Abort();

        await Assert.ThrowsAsync<HttpRequestException>(() => sendOpened.WithTimeout());
        var fresh = await server.AcceptAsync();
        var request = await fresh.ReadRequestAsync();
        Assert.Equal(ApnsId(2), request["apns-id"]);
        await fresh.AnswerAsync(request.StreamId);
        await AssertOkAsync(sendQueued);
        Assert.Equal(1, Writes(queued));
    }

    // ---- Keep-alive, PING, SETTINGS ----

    [Fact]
    public async Task Send_ServerNeverAnswersPing_FailsInFlightRequestWithinSeconds()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient(new Http2ConnectionOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)));

        var request = NewRequest(server);
        var stopwatch = Stopwatch.StartNew();
        var send = client.SendAsync(request, CancellationToken.None);
        var connection = await server.AcceptAsync();

        // Silent: no SETTINGS, no answer, no PING ACK.
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("PING", ex.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
        Assert.Contains(await connection.ReadUntilClosedAsync(), frame => frame.Type == FrameType.Ping && !frame.Has(FrameFlags.Ack));
    }

    [Fact]
    public async Task Send_ServerAnswersPings_ConnectionSurvivesIdleness()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate, answerPings: true);
        using var client = CreateClient(new Http2ConnectionOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)));
        var connection = await WarmUpAsync(server, client, (SettingId.MaxConcurrentStreams, 100));

        // A PING goes out only after 200 ms without a frame from the server, so three mean more than a second idle.
        await WaitUntilAsync(() => connection.PingsReceived >= 3);

        var send = client.SendAsync(NewRequest(server), CancellationToken.None);
        var request = await connection.ReadRequestAsync();
        Assert.Equal(3, request.StreamId);
        await connection.AnswerAsync(request.StreamId);
        await AssertOkAsync(send);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Send_ServerPingAndSettings_ClientAcknowledgesBoth()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var send = client.SendAsync(NewRequest(server), CancellationToken.None);
        var connection = await server.AcceptAsync();
        var request = await connection.ReadRequestAsync();
        byte[] ping = [1, 2, 3, 4, 5, 6, 7, 8];
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100), (SettingId.MaxFrameSize, 32_768));
        await connection.SendPingAsync(ping);

        ClientFrame? settingsAck = null, pingAck = null;
        while (settingsAck is null || pingAck is null)
        {
            var frame = await connection.ReadFrameAsync();
            settingsAck ??= frame is { Type: FrameType.Settings } && frame.Has(FrameFlags.Ack) ? frame : null;
            pingAck ??= frame is { Type: FrameType.Ping } && frame.Has(FrameFlags.Ack) ? frame : null;
        }

        Assert.Empty(settingsAck.Payload);
        Assert.Equal(0, pingAck.StreamId);
        Assert.Equal(ping, pingAck.Payload);

        await connection.AnswerAsync(request.StreamId);
        await AssertOkAsync(send);
    }

    // ---- Stream ids, cancellation ----

    [Fact]
    public async Task Send_StreamIdsExhausted_NextRequestGoesOnNewConnection()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient(NoKeepAlive with { FirstStreamId = int.MaxValue });

        var send = client.SendAsync(NewRequest(server, apnsId: ApnsId(1)), CancellationToken.None);
        var spent = await server.AcceptAsync();
        await spent.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var last = await spent.ReadRequestAsync();
        Assert.Equal(int.MaxValue, last.StreamId);
        await spent.AnswerAsync(last.StreamId);
        using (var response = await send.WithTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // No stream id is left on it: once its last stream is answered the client closes it.
        Assert.DoesNotContain(await spent.ReadUntilClosedAsync(), frame => frame.Type == FrameType.Headers);

        var next = client.SendAsync(NewRequest(server, apnsId: ApnsId(2)), CancellationToken.None);
        var fresh = await server.AcceptAsync();
        var request = await fresh.ReadRequestAsync();
        Assert.Equal(ApnsId(2), request["apns-id"]);

        // FirstStreamId applies to every connection the handler opens, not only the first.
        Assert.Equal(int.MaxValue, request.StreamId);
        await fresh.AnswerAsync(request.StreamId);
        using var nextResponse = await next.WithTimeout();
        Assert.Equal(HttpStatusCode.OK, nextResponse.StatusCode);
    }

    [Fact]
    public async Task Send_CancelledAfterServerGotHeaders_ResetsStreamWithCancelAndKeepsConnection()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        using var cancellation = new CancellationTokenSource();

        var send = client.SendAsync(NewRequest(server), cancellation.Token);
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        var cancelled = await connection.ReadRequestAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WithTimeout());
        var reset = await connection.ReadFrameAsync(FrameType.RstStream);
        Assert.Equal((cancelled.StreamId, Http2Error.Cancel), (reset.StreamId, reset.ErrorCode));

        // The answer crossing the reset still changes the client's HPACK table: C.6.2 below indexes into what C.6.1 added.
        await connection.SendHeadersAsync(cancelled.StreamId, RfcC61, endStream: true);
        var next = client.SendAsync(NewRequest(server), CancellationToken.None);
        var request = await connection.ReadRequestAsync();
        Assert.Equal(3, request.StreamId);
        await connection.SendHeadersAsync(request.StreamId, RfcC62, endStream: true);

        using var response = await next.WithTimeout();
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://www.example.com", Header(response, "location"));
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    // ---- HPACK ----

    [Fact]
    public async Task Send_ServerHeaderTableSizeZero_NextBlockStartsWithSizeUpdateAndIndexesNothing()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var first = NewRequest(server, apnsId: ApnsId(0));
        var send = client.SendAsync(first, CancellationToken.None);
        var connection = await server.AcceptAsync();
        AssertFields(first, await connection.ReadRequestAsync());
        await connection.SendSettingsAsync((SettingId.HeaderTableSize, 0), (SettingId.MaxConcurrentStreams, 100));
        await connection.AnswerAsync(1);
        (await send.WithTimeout()).Dispose();

        var blocks = new List<byte[]>();
        for (var i = 1; i <= 3; i++)
        {
            var request = NewRequest(server, apnsId: ApnsId(i));
            send = client.SendAsync(request, CancellationToken.None);
            var received = await connection.ReadRequestAsync();
            AssertFields(request, received);
            blocks.Add(received.HeaderBlock);
            Assert.Equal(0, connection.Decoder.DynamicTableCount);
            await connection.AnswerAsync(received.StreamId);
            (await send.WithTimeout()).Dispose();
        }

        // 0x20: dynamic table size update to 0, once, first in the block (RFC 7541 §4.2, §6.3).
        Assert.Equal(0x20, blocks[0][0]);
        Assert.Equal((byte)(0x80 | HpackStaticIndex.MethodPost), blocks[1][0]);
        Assert.Equal(blocks[0].Length - 1, blocks[1].Length);
        Assert.Equal(blocks[1].Length, blocks[2].Length);
    }

    [Fact]
    public async Task Send_ServerHeaderTableSizeDipsAndReturns_SignalsSmallestThenFinalSizeAndStaysInStep()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var send = client.SendAsync(NewRequest(server, apnsId: ApnsId(0)), CancellationToken.None);
        var connection = await server.AcceptAsync();
        await connection.ReadRequestAsync();

        // Two SETTINGS before the next block: the decoder must see 100 (evicting all but the newest entry) and then 4096.
        await connection.SendSettingsAsync((SettingId.HeaderTableSize, 100), (SettingId.MaxConcurrentStreams, 100));
        await connection.SendSettingsAsync((SettingId.HeaderTableSize, 4096));
        await connection.AnswerAsync(1);
        (await send.WithTimeout()).Dispose();

        var blocks = new List<byte[]>();
        for (var i = 1; i <= 2; i++)
        {
            var request = NewRequest(server, apnsId: ApnsId(i));
            send = client.SendAsync(request, CancellationToken.None);
            var received = await connection.ReadRequestAsync();
            AssertFields(request, received);
            blocks.Add(received.HeaderBlock);
            await connection.AnswerAsync(received.StreamId);
            (await send.WithTimeout()).Dispose();
        }

        Assert.Equal(Convert.FromHexString("3f453fe11f"), blocks[0][..5]);
        Assert.True(blocks[1].Length < blocks[0].Length - Authorization.Length, $"{blocks[1].Length} vs {blocks[0].Length}: not re-indexed");
    }

    [Fact]
    public async Task Send_RepeatedRequests_IndexedFieldsAreOneByte()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var blocks = new List<ClientRequest>();
        ScriptedHttp2Connection? connection = null;
        for (var i = 0; i < 2; i++)
        {
            var request = NewRequest(server, apnsId: ApnsId(i));
            var send = client.SendAsync(request, CancellationToken.None);
            connection ??= await server.AcceptAsync();
            var received = await connection.ReadRequestAsync();
            AssertFields(request, received);
            blocks.Add(received);
            await connection.AnswerAsync(received.StreamId);
            (await send.WithTimeout()).Dispose();
        }

        var second = blocks[1];
        var representations = Representations(second.HeaderBlock);
        Assert.Equal(second.Fields.Count, representations.Count);
        foreach (var name in new[] { ":authority", "authorization", "apns-topic", "apns-push-type" })
        {
            var at = second.Fields.ToList().FindIndex(field => field.Name == name);
            Assert.Equal((true, 1), representations[at]);
        }

        Assert.True(
            second.HeaderBlock.Length < blocks[0].HeaderBlock.Length - Authorization.Length,
            $"second block {second.HeaderBlock.Length} bytes, first {blocks[0].HeaderBlock.Length}");
    }

    [Fact]
    public async Task Send_ManyDistinctIndexedValues_EncoderEvictionStaysInStepWithServerDecoder()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var connection = await WarmUpAsync(server, client, (SettingId.MaxConcurrentStreams, 100));

        // Topics of ~250 bytes fill the 4 KiB table in about 16 requests; going back to earlier ones mixes evicted
        // values (literals again) with surviving ones (indexed).
        for (var i = 0; i < 80; i++)
        {
            var topic = $"com.example.app{i % 25}." + new string('t', 200 + i % 7);
            var request = NewRequest(server, apnsId: ApnsId(i), topic: topic);
            var send = client.SendAsync(request, CancellationToken.None);
            var received = await connection.ReadRequestAsync();
            AssertFields(request, received);
            await connection.AnswerAsync(received.StreamId);
            (await send.WithTimeout()).Dispose();
        }

        Assert.InRange(connection.Decoder.DynamicTableSize, 3000, 4096);
    }

    [Theory]
    [InlineData("com.example.app\r\nx-injected: 1")]
    [InlineData("com.example.app\n")]
    [InlineData("com.example\0app")]
    public async Task Send_HeaderValueHttp2CannotCarry_FailsBeforeAnythingIsSent(string topic)
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();
        var request = NewRequest(server, topic: topic);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, CancellationToken.None).WithTimeout());
        Assert.Equal(0, Writes(request));
        Assert.Equal(0, server.ConnectionsAccepted);
        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
    }

    // ---- Server protocol errors ----

    [Theory]
    [InlineData("DATA on stream 0")]
    [InlineData("PUSH_PROMISE")]
    [InlineData("CONTINUATION without HEADERS")]
    public async Task Send_ServerProtocolError_FailsRequestsInFlightWithProtocolError(string error)
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var requests = Enumerable.Range(0, 2).Select(i => NewRequest(server, apnsId: ApnsId(i))).ToArray();
        var sends = requests.Select(request => client.SendAsync(request, CancellationToken.None)).ToArray();
        var connection = await BreakProtocolAsync(server, error);

        foreach (var (request, send) in requests.Zip(sends))
        {
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
            Assert.Equal((long)Http2Error.ProtocolError, Assert.IsType<HttpProtocolException>(ex.InnerException).ErrorCode);
            Assert.Equal(1, Writes(request));
            Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
        }

        await connection.ReadUntilClosedAsync();

        // The broken connection is gone; the next request gets a new one.
        var next = client.SendAsync(NewRequest(server), CancellationToken.None);
        var fresh = await server.AcceptAsync();
        await fresh.AnswerAsync((await fresh.ReadRequestAsync()).StreamId);
        await AssertOkAsync(next);
    }

    [Theory]
    [InlineData("DATA on stream 0")]
    [InlineData("PUSH_PROMISE")]
    [InlineData("CONTINUATION without HEADERS")]
    public async Task Send_ServerProtocolError_SendsGoAwayWithProtocolErrorBeforeClosing(string error)
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate);
        using var client = CreateClient();

        var sends = Enumerable.Range(0, 2).Select(i => client.SendAsync(NewRequest(server, apnsId: ApnsId(i)), CancellationToken.None)).ToArray();
        var connection = await BreakProtocolAsync(server, error);
        foreach (var send in sends)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => send.WithTimeout());
        }

        // RFC 9113 §5.4.1: the connection ends with GOAWAY naming the error.
        var goAway = Assert.Single(await connection.ReadUntilClosedAsync(), frame => frame.Type == FrameType.GoAway);
        Assert.Equal(Http2Error.ProtocolError, goAway.ErrorCode);
        Assert.Equal(0, goAway.StreamId);
    }

    // ---- Connecting ----

    [Fact]
    public async Task Send_ServerWithoutAlpnH2_FailsWithSecureConnectionError()
    {
        await using var server = new ScriptedHttp2Server(certificates.ServerCertificate, protocols: []);
        using var client = CreateClient();
        var request = NewRequest(server);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request, CancellationToken.None).WithTimeout());
        Assert.Equal(HttpRequestError.SecureConnectionError, ex.HttpRequestError);
        Assert.Equal(0, Writes(request));
    }

    [Fact]
    public async Task Send_ConnectRefusedOrTimedOut_FailsWithConnectionError()
    {
        using var refused = new HttpMessageInvoker(new Http2Handler(
            (_, _) => throw new SocketException((int)SocketError.ConnectionRefused), NoKeepAlive, TestTimeouts.Default));
        var ex = await Assert.ThrowsAsync<HttpRequestException>(
            () => refused.SendAsync(NewRequest(port: 1), CancellationToken.None).WithTimeout());
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);

        using var hanging = new HttpMessageInvoker(new Http2Handler(
            async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new UnreachableException();
            },
            NoKeepAlive,
            TimeSpan.FromMilliseconds(100)));
        var request = NewRequest(port: 1);
        ex = await Assert.ThrowsAsync<HttpRequestException>(() => hanging.SendAsync(request, CancellationToken.None).WithTimeout());
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(request, ex, refusedStreamGoAwaySeen: false));
    }

    // ---- Helpers ----

    /// <summary>Reads <paramref name="prefix"/> first, then <paramref name="inner"/>; writes go to <paramref name="inner"/>.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _prefixRead;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefixRead == prefix.Length)
            {
                return inner.ReadAsync(buffer, cancellationToken);
            }

            var count = Math.Min(buffer.Length, prefix.Length - _prefixRead);
            prefix.AsMemory(_prefixRead, count).CopyTo(buffer);
            _prefixRead += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private HttpMessageInvoker CreateClient(Http2ConnectionOptions? options = null) =>
        new(new Http2Handler(ConnectAsync, options ?? NoKeepAlive, TestTimeouts.Default));

    // As ApnsConnection connects: TCP, then TLS with ALPN h2, trusting the test CA. Loopback by address, so "localhost"
    // resolving to ::1 first cannot matter.
    private async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, endPoint.Port, cancellationToken);
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = endPoint.Host,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    RemoteCertificateValidationCallback = new ServerCertificateValidator(certificates.Ca).Validate,
                },
                cancellationToken);
            return tls;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static HttpRequestMessage NewRequest(ScriptedHttp2Server server, byte[]? body = null, string? apnsId = null, string? topic = null) =>
        NewRequest(server.Port, body, apnsId, topic);

    // As ApnsRequestFactory builds a push.
    private static HttpRequestMessage NewRequest(int port, byte[]? body = null, string? apnsId = null, string? topic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"https://localhost:{port}/3/device/abc")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ApnsPayloadContent(body ?? Payload),
        };
        request.Headers.TryAddWithoutValidation("authorization", Authorization);
        request.Headers.TryAddWithoutValidation("apns-push-type", "alert");
        request.Headers.TryAddWithoutValidation("apns-topic", topic ?? "com.example.app");
        request.Headers.TryAddWithoutValidation("apns-id", apnsId ?? ApnsId(0));
        return request;
    }

    private static string ApnsId(int i) => $"00000000-0000-0000-0000-{i:d12}";

    private static async Task AssertOkAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send.WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int Writes(HttpRequestMessage request) => ((ApnsPayloadContent)request.Content!).Writes;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>The server decoded exactly what the request carries, pseudo-headers first.</summary>
    private static void AssertFields(HttpRequestMessage request, ClientRequest received)
    {
        var uri = request.RequestUri!;
        (string, string)[] expected =
        [
            (":method", "POST"), (":scheme", "https"), (":authority", $"localhost:{uri.Port}"), (":path", uri.PathAndQuery),
            .. request.Headers.NonValidated.Select(header => (header.Key.ToLowerInvariant(), header.Value.ToString())),
            ("content-length", ((ApnsPayloadContent)request.Content!).Payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        Assert.Equal(expected, received.Fields);
    }

    /// <summary>Takes two requests in flight on the next connection, then sends what <paramref name="error"/> names.</summary>
    private static async Task<ScriptedHttp2Connection> BreakProtocolAsync(ScriptedHttp2Server server, string error)
    {
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync((SettingId.MaxConcurrentStreams, 100));
        await connection.ReadRequestAsync();
        await connection.ReadRequestAsync();
        var block = ScriptedHttp2Connection.EncodeHeaders((":method", "GET"), (":path", "/"));
        await (error switch
        {
            "DATA on stream 0" => connection.SendDataAsync(0, [1, 2, 3], endStream: false),
            "PUSH_PROMISE" => connection.SendFrameAsync(FrameType.PushPromise, FrameFlags.EndHeaders, 1, [0, 0, 0, 2, .. block]),
            _ => connection.SendContinuationAsync(1, block, endHeaders: true),
        });
        return connection;
    }

    /// <summary>One answered request with an empty body, so the SETTINGS sent before its answer are in force afterwards.</summary>
    private static async Task<ScriptedHttp2Connection> WarmUpAsync(
        ScriptedHttp2Server server, HttpMessageInvoker client, params (SettingId, uint)[] settings)
    {
        var send = client.SendAsync(NewRequest(server, body: []), CancellationToken.None);
        var connection = await server.AcceptAsync();
        var request = await connection.ReadRequestAsync();
        await connection.SendSettingsAsync(settings);
        await connection.AnswerAsync(request.StreamId);
        (await send.WithTimeout()).Dispose();
        return connection;
    }

    /// <summary>The DATA bytes of <paramref name="streamId"/> the client sent before answering a PING sent now.</summary>
    private static async Task<byte[]> DataUntilPingAckAsync(ScriptedHttp2Connection connection, int streamId)
    {
        var frames = await connection.PingRoundTripAsync();
        Assert.DoesNotContain(frames, frame => frame.Type == FrameType.Data && frame.StreamId != streamId);
        return [.. frames.Where(frame => frame.Type == FrameType.Data).SelectMany(frame => frame.Payload)];
    }

    /// <summary>
    /// No new stream within a PING round trip and a short quiet spell after it. A negative check has to give the
    /// client some time to go wrong; a slow machine can only make it pass where it should have failed, never the reverse.
    /// </summary>
    private static async Task AssertNoHeadersForAWhileAsync(ScriptedHttp2Connection connection)
    {
        Assert.DoesNotContain(await connection.PingRoundTripAsync(), frame => frame.Type == FrameType.Headers);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            var frame = await connection.TryReadFrameAsync(TimeSpan.FromMilliseconds(300) - deadline.Elapsed);
            Assert.False(frame?.Type == FrameType.Headers, $"a stream opened too early: {frame}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TestTimeouts.Default, "condition not met within the test timeout");
            await Task.Delay(20);
        }
    }

    /// <summary>Each field representation of a header block as (indexed, bytes it took); size updates are skipped.</summary>
    private static List<(bool Indexed, int Length)> Representations(byte[] block)
    {
        var result = new List<(bool, int)>();
        for (var at = 0; at < block.Length;)
        {
            var start = at;
            var first = block[at];
            if ((first & 0x80) != 0)
            {
                ReadInteger(block, ref at, 7);
                result.Add((true, at - start));
            }
            else if ((first & 0xe0) == 0x20)
            {
                ReadInteger(block, ref at, 5);
            }
            else
            {
                if (ReadInteger(block, ref at, (first & 0x40) != 0 ? 6 : 4) == 0)
                {
                    SkipString(block, ref at);
                }

                SkipString(block, ref at);
                result.Add((false, at - start));
            }
        }

        return result;

        static void SkipString(byte[] block, ref int at)
        {
            // Not "at += ReadInteger(...)": that would add to the position from before the length was read.
            var length = ReadInteger(block, ref at, 7);
            at += length;
        }

        static int ReadInteger(byte[] block, ref int at, int prefixBits)
        {
            var max = (1 << prefixBits) - 1;
            var value = block[at++] & max;
            if (value < max)
            {
                return value;
            }

            for (var shift = 0; ; shift += 7)
            {
                var b = block[at++];
                value += (b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
        }
    }
}
