using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// The fault layer's view of one TLS connection: the streams the client has in flight (read off the frames), the
/// answers committed but not yet on the wire, and the connection's fault states (closing after GOAWAY or a reset,
/// expired provider token, lowered stream limit, one-stream start). Lives as a connection feature, so requests find it
/// through <c>HttpContext.Features</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer or wait handle; requests may still read its token after the connection closed, so it is never disposed.")]
internal sealed class FaultConnection
{
    private const string DefaultGoAwayReason = "Shutdown";

    // Answers committed before a GOAWAY get this long to reach the wire; the GOAWAY is sent regardless after it.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    // The GOAWAY is followed by a graceful close of the output (the client reads GOAWAY, then end of stream); a client
    // that does not close its side in this time gets the connection aborted.
    private static readonly TimeSpan GoAwayGrace = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private readonly HashSet<int> open = [];
    private readonly HashSet<int> committed = [];
    private readonly ConnectionContext connection;
    private readonly SimulatorFaults faults;
    private readonly ILogger logger;
    private readonly CancellationToken stopping;
    private readonly CancellationTokenSource killed = new();
    private readonly FrameTrackingPipeWriter output;
    private readonly FrameTrackingPipeReader input;
    private int highestClientStream;
    private FaultKind? killedBy;
    private TaskCompletionSource? drained;
    private string? expiredAuthorization;
    private string? currentAuthorization;
    private DateTimeOffset authorizationChangedAt;
    private bool limitDropped;
    private bool awaitingFirstAcceptedPush;
    private int engagedStates;
    private bool closed;

    private FaultConnection(ConnectionContext connection, SimulatorFaults faults, ILogger logger, bool startWithOneStream, CancellationToken stopping)
    {
        this.connection = connection;
        this.faults = faults;
        this.logger = logger;
        this.stopping = stopping;
        var transport = connection.Transport;
        output = new FrameTrackingPipeWriter(transport.Output, OnServerFrame, firstStreamLimit: startWithOneStream ? 1u : null);
        input = new FrameTrackingPipeReader(transport.Input, OnClientFrame);
        if (startWithOneStream)
        {
            // Engaged, so the first accepted push passes the fault step, which raises the limit before its answer.
            awaitingFirstAcceptedPush = true;
            EngageLocked();
        }
    }

    public string Id => connection.ConnectionId;

    /// <summary>Set once the connection is going away (GoAway or ConnectionReset): no new answer is given on it.</summary>
    public FaultKind? KilledBy
    {
        get
        {
            lock (gate)
            {
                return killedBy;
            }
        }
    }

    /// <summary>Cancelled when the connection is killed, so delayed answers stop waiting.</summary>
    public CancellationToken Killed => killed.Token;

    public string? ExpiredAuthorization => Volatile.Read(ref expiredAuthorization);

    public bool LimitDropped => Volatile.Read(ref limitDropped);

    /// <summary>A token connection before its first accepted push: one stream at a time, as APNs allows.</summary>
    public bool AwaitingFirstAcceptedPush => Volatile.Read(ref awaitingFirstAcceptedPush);

    /// <summary>The connection middleware (after TLS): wraps the decrypted transport for the connection's lifetime.</summary>
    /// <param name="pushListener">A connection to the push listener, where APNs starts token connections at one stream.</param>
    public static async Task RunAsync(
        ConnectionContext context, ConnectionDelegate next, SimulatorFaults faults, ILogger logger, bool pushListener, CancellationToken stopping)
    {
        var original = context.Transport;
        var startWithOneStream = pushListener && faults.IsEngaged &&
            context.Features.Get<ITlsConnectionFeature>()?.ClientCertificate is null &&
            faults.Fire(FaultKind.OneStreamUntilFirstAcceptedPush, deviceToken: null) is not null;
        var state = new FaultConnection(context, faults, logger, startWithOneStream, stopping);
        context.Transport = new DuplexPipe(state.input, state.output);
        context.Features.Set(state);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            state.Close();
            context.Transport = original;
        }
    }

    /// <summary>
    /// An answer is about to be written for <paramref name="streamId"/>. False once the connection is killed: the
    /// request then stays unanswered. A committed answer is let out before a GOAWAY.
    /// </summary>
    public bool TryCommit(int streamId)
    {
        lock (gate)
        {
            if (killedBy is not null)
            {
                return false;
            }

            if (streamId > 0)
            {
                committed.Add(streamId);
            }

            return true;
        }
    }

    /// <summary>
    /// Sends GOAWAY (last-stream-id below every stream in flight) and closes, or just closes for a reset. The
    /// requests in flight are left unanswered. False when the connection was already going away.
    /// </summary>
    public bool Kill(FaultKind kind, string? reason)
    {
        lock (gate)
        {
            if (killedBy is not null || closed)
            {
                return false;
            }

            killedBy = kind;
            drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (committed.Count == 0)
            {
                drained.TrySetResult();
            }

            EngageLocked();
        }

        killed.Cancel();
        _ = kind == FaultKind.GoAway
            ? GoAwayAsync(string.IsNullOrEmpty(reason) ? DefaultGoAwayReason : reason)
            : ResetAsync();
        return true;
    }

    public void Expire(string authorization)
    {
        lock (gate)
        {
            if (expiredAuthorization is null)
            {
                EngageLocked();
            }

            Volatile.Write(ref expiredAuthorization, authorization);
        }
    }

    /// <summary>The client presented another JWT: the injected expiry is over.</summary>
    public void ClearExpired()
    {
        lock (gate)
        {
            if (expiredAuthorization is not null)
            {
                Volatile.Write(ref expiredAuthorization, null);
                DisengageLocked();
            }
        }
    }

    /// <summary>
    /// True when <paramref name="authorization"/> differs from the connection's JWT that was itself set less than
    /// <paramref name="interval"/> ago. The first JWT seen is the connection's; <see cref="AdoptToken"/> switches.
    /// </summary>
    public bool ChangesTokenTooSoon(string authorization, DateTimeOffset now, TimeSpan interval)
    {
        lock (gate)
        {
            if (currentAuthorization is null)
            {
                currentAuthorization = authorization;
                authorizationChangedAt = now;
                return false;
            }

            return !string.Equals(currentAuthorization, authorization, StringComparison.Ordinal) && now - authorizationChangedAt < interval;
        }
    }

    public void AdoptToken(string authorization, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!string.Equals(currentAuthorization, authorization, StringComparison.Ordinal))
            {
                currentAuthorization = authorization;
                authorizationChangedAt = now;
            }
        }
    }

    /// <summary>Advertises SETTINGS_MAX_CONCURRENT_STREAMS=1 (before the rejection's answer goes out).</summary>
    public Task DropStreamLimitAsync()
    {
        lock (gate)
        {
            if (limitDropped || closed)
            {
                return Task.CompletedTask;
            }

            Volatile.Write(ref limitDropped, true);
            EngageLocked();
        }

        SimulatorLog.StreamLimitChanged(logger, Id, 1);
        return output.InjectAsync(Http2Frames.Settings(Http2Frames.SettingsMaxConcurrentStreams, 1), closeAfter: false);
    }

    /// <summary>
    /// Advertises the configured limit again (before the success's answer goes out): after a dropped limit, and after
    /// the one-stream start of a token connection.
    /// </summary>
    public Task RestoreStreamLimitAsync(int maxConcurrentStreams)
    {
        lock (gate)
        {
            if (!limitDropped && !awaitingFirstAcceptedPush)
            {
                return Task.CompletedTask;
            }

            if (limitDropped)
            {
                Volatile.Write(ref limitDropped, false);
                DisengageLocked();
            }

            if (awaitingFirstAcceptedPush)
            {
                Volatile.Write(ref awaitingFirstAcceptedPush, false);
                DisengageLocked();
            }
        }

        SimulatorLog.StreamLimitChanged(logger, Id, maxConcurrentStreams);
        return output.InjectAsync(Http2Frames.Settings(Http2Frames.SettingsMaxConcurrentStreams, (uint)maxConcurrentStreams), closeAfter: false);
    }

    private async Task GoAwayAsync(string reason)
    {
        try
        {
            await drained!.Task.WaitAsync(DrainTimeout, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A committed answer that cannot get out (its client stopped reading) does not hold the GOAWAY back.
        }

        int lastStreamId;
        lock (gate)
        {
            lastStreamId = open.Count == 0 ? highestClientStream : Math.Max(0, open.Min() - 2);
        }

        await output.InjectAsync(Http2Frames.GoAway(lastStreamId, Http2Frames.ErrorNoError, reason), closeAfter: true).ConfigureAwait(false);
        SimulatorLog.GoAwaySent(logger, Id, lastStreamId, reason);
        try
        {
            await Task.Delay(GoAwayGrace, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: abort now.
        }

        connection.Abort(new ConnectionAbortedException("GOAWAY sent by fault injection."));
    }

    private Task ResetAsync()
    {
        SimulatorLog.ConnectionReset(logger, Id);
        connection.Abort(new ConnectionAbortedException("Connection reset by fault injection."));
        return Task.CompletedTask;
    }

    private void OnClientFrame(FrameHeader frame)
    {
        if (frame.Type == Http2Frames.TypeHeaders && frame.StreamId > 0)
        {
            lock (gate)
            {
                if (frame.StreamId > highestClientStream)
                {
                    highestClientStream = frame.StreamId;
                    open.Add(frame.StreamId);
                }
            }
        }
        else if (frame.Type == Http2Frames.TypeRstStream)
        {
            EndStream(frame.StreamId);
        }
    }

    private void OnServerFrame(FrameHeader frame)
    {
        if (frame.EndsStream || frame.Type == Http2Frames.TypeRstStream)
        {
            EndStream(frame.StreamId);
        }
    }

    private void EndStream(int streamId)
    {
        lock (gate)
        {
            open.Remove(streamId);
            if (committed.Remove(streamId) && committed.Count == 0)
            {
                drained?.TrySetResult();
            }
        }
    }

    private void Close()
    {
        lock (gate)
        {
            closed = true;
            while (engagedStates > 0)
            {
                DisengageLocked();
            }
        }

        if (!killed.IsCancellationRequested)
        {
            killed.Cancel();
        }
    }

    private void EngageLocked()
    {
        if (!closed)
        {
            engagedStates++;
            faults.Engage();
        }
    }

    private void DisengageLocked()
    {
        if (engagedStates > 0)
        {
            engagedStates--;
            faults.Disengage();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
