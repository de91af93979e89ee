using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>What a provider certificate allows: its default topic, its topics and its environments.</summary>
internal sealed class CertificateIdentity
{
    private CertificateIdentity(string? defaultTopic, HashSet<string> topics, bool sandbox, bool production)
    {
        DefaultTopic = defaultTopic;
        Topics = topics;
        AllowsSandbox = sandbox;
        AllowsProduction = production;
    }

    /// <summary>The Subject UID (the bundle id), used when a request has no apns-topic.</summary>
    public string? DefaultTopic { get; }

    public IReadOnlySet<string> Topics { get; }

    public bool AllowsSandbox { get; }

    public bool AllowsProduction { get; }

    public bool Allows(ApnsEnvironment environment) =>
        environment == ApnsEnvironment.Sandbox ? AllowsSandbox : AllowsProduction;

    public static CertificateIdentity From(X509Certificate2 certificate)
    {
        string? uid = null;
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!name.HasMultipleElements && name.GetSingleElementType().Value == SimulatorCertificates.UserIdOid)
            {
                uid = name.GetSingleElementValue();
            }
        }

        var topics = new HashSet<string>(StringComparer.Ordinal);
        bool sandbox = false, production = false;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension.Oid?.Value)
            {
                case SimulatorCertificates.TopicsOid:
                    ReadTopics(extension.RawData, topics);
                    break;
                case SimulatorCertificates.SandboxOid:
                    sandbox = true;
                    break;
                case SimulatorCertificates.ProductionOid:
                    production = true;
                    break;
            }
        }

        // Older single-topic certificates have no topics extension: the UID is their only topic.
        if (topics.Count == 0 && uid is not null)
        {
            topics.Add(uid);
        }

        // A certificate naming neither environment is treated as universal.
        return sandbox || production
            ? new CertificateIdentity(uid, topics, sandbox, production)
            : new CertificateIdentity(uid, topics, true, true);
    }

    private static void ReadTopics(byte[] value, HashSet<string> topics)
    {
        try
        {
            var sequence = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
            var utf8 = new Asn1Tag(UniversalTagNumber.UTF8String);
            while (sequence.HasData)
            {
                if (sequence.PeekTag().HasSameClassAndValue(utf8))
                {
                    topics.Add(sequence.ReadCharacterString(UniversalTagNumber.UTF8String));
                }
                else
                {
                    // The { kind } sequences after each topic name say what the topic is for; membership is enough.
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            topics.Clear();
        }
    }
}
