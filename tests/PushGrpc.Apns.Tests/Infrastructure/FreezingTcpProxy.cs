using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PushGrpc.Apns.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a test server. <see cref="FreezeExisting"/> stops relaying bytes on every open
/// connection without closing it (a silently dead network path, as when APNs drops an idle connection); connections
/// opened later relay normally.
/// </summary>
internal sealed class FreezingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Relay, byte> _relays = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    public FreezingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    public void FreezeExisting()
    {
        foreach (var relay in _relays.Keys)
        {
            relay.Frozen = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var relay in _relays.Keys)
        {
            relay.Dispose();
        }

        try
        {
            await _acceptLoop.WaitAsync(TestTimeouts.Default);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var relay = new Relay(client, server);
            _relays[relay] = 0;
            _ = relay.RunAsync(_stop.Token).ContinueWith(_ => _relays.TryRemove(relay, out var _), TaskScheduler.Default);
        }
    }

    private sealed class Relay(Socket client, Socket server) : IDisposable
    {
        private volatile bool _frozen;

        public bool Frozen
        {
            get => _frozen;
            set => _frozen = value;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.WhenAny(PumpAsync(client, server, cancellationToken), PumpAsync(server, client, cancellationToken));
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            client.Dispose();
            server.Dispose();
        }

        private async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
        {
            var buffer = new byte[16384];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    if (Frozen)
                    {
                        // Swallow everything from now on: the peer sees a connection that is open but silent.
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
