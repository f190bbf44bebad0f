namespace PatientIndex.Core.Stewardship;

public enum StewardshipError
{
    /// <summary>A task, record, person or merge that does not exist (or no longer does).</summary>
    NotFound,
    /// <summary>The request is well formed but the current state refuses it (an assertion, a resolved task…).</summary>
    Refused,
}
