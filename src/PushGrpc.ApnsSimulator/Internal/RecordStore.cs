using System.Collections.Concurrent;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>The records of answered requests, oldest first, optionally bounded.</summary>
internal sealed class RecordStore(int? capacity)
{
    private readonly ConcurrentQueue<SimulatorRecord> records = new();

    // ConcurrentQueue.Count walks segments; an own counter keeps the bound check O(1).
    private int count;

    public IReadOnlyCollection<SimulatorRecord> Snapshot => records.ToArray();

    /// <summary>False when nothing is kept (MaxRecords = 0): the hot path then skips building records.</summary>
    public bool IsEnabled => capacity != 0;

    public void Add(SimulatorRecord record)
    {
        if (capacity is not { } limit)
        {
            records.Enqueue(record);
            return;
        }

        if (limit == 0)
        {
            return;
        }

        records.Enqueue(record);
        if (Interlocked.Increment(ref count) > limit && records.TryDequeue(out _))
        {
            Interlocked.Decrement(ref count);
        }
    }

    public void Clear()
    {
        records.Clear();
        Interlocked.Exchange(ref count, 0);
    }
}
