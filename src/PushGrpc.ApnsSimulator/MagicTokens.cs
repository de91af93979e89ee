using System.Security.Cryptography;

namespace PushGrpc.ApnsSimulator;

/// <summary>
/// Device tokens that pick a fixed answer, like a payment sandbox's test card numbers: a well-formed token starting
/// with <see cref="Prefix"/> and four decimal digits (a <see cref="MagicOutcome"/> value) gets that outcome once
/// every other check of the request passed. The rest of the token may be any hex. A random 64-hex token starts
/// with this pattern with a probability of about 1 in 10^10.
/// </summary>
public static class MagicTokens
{
    /// <summary>What every magic token starts with.</summary>
    public const string Prefix = "ffffffff";

    private const string Filler = "0000000000000000000000000000000000000000000000000000";

    /// <summary>A 64-hex token answered 400 BadDeviceToken.</summary>
    public const string BadDeviceToken = Prefix + "0400" + Filler;

    /// <summary>A 64-hex token answered 400 DeviceTokenNotForTopic.</summary>
    public const string DeviceTokenNotForTopic = Prefix + "0401" + Filler;

    /// <summary>A 64-hex token answered 410 Unregistered with a timestamp one day ago.</summary>
    public const string Unregistered = Prefix + "0410" + Filler;

    /// <summary>A 64-hex token answered 410 ExpiredToken with a timestamp one day ago.</summary>
    public const string ExpiredToken = Prefix + "0411" + Filler;

    /// <summary>A 64-hex token answered 429 TooManyRequests.</summary>
    public const string TooManyRequests = Prefix + "0429" + Filler;

    /// <summary>A 64-hex token answered 500 InternalServerError.</summary>
    public const string InternalServerError = Prefix + "0500" + Filler;

    /// <summary>A 64-hex token answered 503 ServiceUnavailable.</summary>
    public const string ServiceUnavailable = Prefix + "0503" + Filler;

    /// <summary>Shortest and longest device token (in hex characters) the simulator accepts.</summary>
    public const int MinTokenLength = 64;

    /// <inheritdoc cref="MinTokenLength"/>
    public const int MaxTokenLength = 200;

    /// <summary>A fresh magic token for <paramref name="outcome"/>: the prefix, the outcome's digits, random hex.</summary>
    public static string Create(MagicOutcome outcome, int length = MinTokenLength)
    {
        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown magic outcome.");
        }

        if (length is < MinTokenLength or > MaxTokenLength || length % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Device tokens are an even number of hex characters, 64 to 200.");
        }

        var head = $"{Prefix}{(int)outcome:D4}";
        return head + RandomNumberGenerator.GetHexString(length - head.Length, lowercase: true);
    }

    /// <summary>The outcome a token picks; false for ordinary tokens. Does not check the token's format.</summary>
    public static bool TryGetOutcome(string? deviceToken, out MagicOutcome outcome)
    {
        outcome = default;
        if (deviceToken is null || deviceToken.Length < Prefix.Length + 4 ||
            !deviceToken.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var code = 0;
        foreach (var c in deviceToken.AsSpan(Prefix.Length, 4))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            code = (code * 10) + (c - '0');
        }

        outcome = (MagicOutcome)code;
        return Enum.IsDefined(outcome);
    }
}
