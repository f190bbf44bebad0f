namespace PatientIndex.Core.Audit;

/// <summary>How an access ended. A refusal is the caller's (a bad or unknown request); a failure the server's.</summary>
public enum AccessOutcome
{
    Success,
    /// <summary>The request was refused: invalid, unknown, in conflict with what is held, or not allowed. Nothing was disclosed or changed.</summary>
    Refused,
    /// <summary>The server could not answer (the store down, a concurrent change, a bug). Nothing was disclosed or changed.</summary>
    Failed,
}
