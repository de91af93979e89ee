using System.Net.Http;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// One SocketsHttpHandler of a pool slot (it keeps one HTTP/2 connection and reconnects it on demand). A slot
/// replaces its generation to get a guaranteed-new connection (after ExpiredProviderToken); the old one takes no new
/// requests, lets the ones on it finish and is disposed when the last one leaves.
/// </summary>
internal sealed class ApnsHandlerGeneration
{
    // Requests inside in the low bits; a high bit marks the generation retired (it takes no new requests).
    private const int RetiredBit = 1 << 30;
    private int _state;

    public ApnsHandlerGeneration(Func<ApnsHandlerGeneration, HttpMessageHandler> createHandler) =>
        Invoker = new HttpMessageInvoker(createHandler(this), disposeHandler: true);

    public HttpMessageInvoker Invoker { get; }

    public bool IsRetired => (Volatile.Read(ref _state) & RetiredBit) != 0;

    /// <summary>True when drained and disposed (or about to be).</summary>
    public bool IsDrained => Volatile.Read(ref _state) == RetiredBit;

    /// <summary>Admits one request; false once retired.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & RetiredBit) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return true;
            }
        }
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _state) == RetiredBit)
        {
            Invoker.Dispose();
        }
    }

    /// <summary>Takes no new requests; disposes the handler (closing its connection) once the last request left. Call once.</summary>
    public void Retire()
    {
        if (Interlocked.Add(ref _state, RetiredBit) == RetiredBit)
        {
            Invoker.Dispose();
        }
    }

    /// <summary>Closes at once; requests still inside fail.</summary>
    public void DisposeNow() => Invoker.Dispose();
}
