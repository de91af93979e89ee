using System.Security.Cryptography;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// Random (version 4) UUIDs in the text APNs uses (lowercase 8-4-4-4-12), for apns-unique-id and the apns-id /
/// apns-request-id of requests that sent none. <see cref="Guid.NewGuid"/> reads /dev/urandom on every call on Linux:
/// a system call per accepted push under the benchmark. One read of a per-thread buffer serves 256 ids here. The
/// APNs library's RandomUuid does the same for the gateway; it is internal to PushGrpc.Apns.
/// </summary>
internal static class RandomUuid
{
    private const int UuidBytes = 16;
    private const int BufferBytes = 256 * UuidBytes;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_offset;

    public static string NextString()
    {
        var offset = t_offset;
        if (t_random is not { } random || offset == BufferBytes)
        {
            random = t_random ??= new byte[BufferBytes];
            RandomNumberGenerator.Fill(random);
            offset = 0;
        }

        t_offset = offset + UuidBytes;

        // RFC 9562 in network byte order: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
        var uuid = random.AsSpan(offset, UuidBytes);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x40);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true).ToString();
    }
}
