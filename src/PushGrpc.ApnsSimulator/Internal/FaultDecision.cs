namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>What the request handler does with a request: answer (maybe late), refuse the stream, or never answer.</summary>
internal enum FaultAction
{
    /// <summary>Answer <see cref="FaultDecision.Verdict"/>, after <see cref="FaultDecision.Delay"/>.</summary>
    Answer,

    /// <summary>RST_STREAM REFUSED_STREAM; recorded unanswered.</summary>
    Refuse,

    /// <summary>No answer until the stream or connection ends; recorded unanswered.</summary>
    Unanswered,
}

/// <summary>The fault step's decision for one request; <see cref="Kind"/> is null when no fault applies.</summary>
internal readonly record struct FaultDecision(FaultAction Action, Verdict Verdict, FaultKind? Kind = null, TimeSpan Delay = default)
{
    public static FaultDecision Answer(Verdict verdict, FaultKind? kind = null) => new(FaultAction.Answer, verdict, kind);

    public static FaultDecision Refuse(FaultKind kind) => new(FaultAction.Refuse, Verdict.Unanswered, kind);

    public static FaultDecision Unanswered(FaultKind kind) => new(FaultAction.Unanswered, Verdict.Unanswered, kind);
}
