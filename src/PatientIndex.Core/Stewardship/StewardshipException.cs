namespace PatientIndex.Core.Stewardship;

/// <summary>A steward request the domain refuses, with why; the edges translate it (gRPC status, a message on the page).</summary>
public sealed class StewardshipException(StewardshipError error, string message) : Exception(message)
{
    public StewardshipError Error { get; } = error;

    public static StewardshipException NotFound(string what) => new(StewardshipError.NotFound, what + " not found");

    public static StewardshipException Refused(string why) => new(StewardshipError.Refused, why);
}
