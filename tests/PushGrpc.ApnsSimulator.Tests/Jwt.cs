using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Builds provider tokens the way a provider does (apns-reference §4), including broken ones.</summary>
internal static class Jwt
{
    public static string Create(ECDsa key, string keyId, string teamId, long issuedAt, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation) =>
        CreateRaw(
            key,
            $$"""{"alg":"ES256","kid":"{{keyId}}"}""",
            $$"""{"iss":"{{teamId}}","iat":{{issuedAt}}}""",
            format);

    public static string CreateRaw(ECDsa key, string headerJson, string claimsJson, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
    {
        var signingInput = Encode(headerJson) + "." + Encode(claimsJson);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, format);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
