namespace PatientIndex.Core.Stewardship;

/// <summary>A steward's answer to a review task.</summary>
public enum ReviewVerdict
{
    SamePerson,
    DifferentPersons,
    /// <summary>Not now: the task stays in the queue, marked deferred.</summary>
    Defer,
}
