using PatientIndex.Core.Store;

namespace PatientIndex.Core.Audit;

/// <summary>
/// One access to patient data, as the audit trail keeps it: who (the user and the client system), when,
/// what was asked, what it did, which records and persons it changed or disclosed, and how it ended.
/// Appended, never changed. <see cref="EventId"/> is 0 until stored.
/// </summary>
/// <remarks>
/// <see cref="Query"/> holds what was asked as it was asked, values included (a name and birth date
/// searched for, a record key read): the trail is where access is investigated, and a search that
/// found nobody leaves nothing else to show what was looked for. The trail is therefore patient data
/// itself, kept with the records and guarded like them; the application log holds none of it.
/// </remarks>
public sealed record AccessEvent
{
    public long EventId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The user acting (a token's subject, a steward's name), or a system actor such as <c>extract-job:{id}</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>The user's display name when it differs from <see cref="Actor"/>.</summary>
    public string? ActorName { get; init; }

    /// <summary>The client system (a token's client id), or null when the caller did not identify one.</summary>
    public string? Client { get; init; }

    /// <summary>The network address the request came from (host:port), or the replica for background work.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The request this access was part of, so the events of one transaction Bundle group together.</summary>
    public string? RequestId { get; init; }

    public required AccessAction Action { get; init; }

    /// <summary>The interaction, e.g. <c>grpc /patientindex.v1.PatientIndex/Match</c> or <c>fhir GET /fhir/Patient/{id}</c>.</summary>
    public required string Operation { get; init; }

    public AccessOutcome Outcome { get; init; }

    /// <summary>Why it was refused or failed (a status and its message); null on success.</summary>
    public string? OutcomeDetail { get; init; }

    /// <summary>What was asked (see remarks), or null when the operation and its records say it all.</summary>
    public string? Query { get; init; }

    /// <summary>The records written, moved or withdrawn.</summary>
    public IReadOnlyList<RecordKey> Changed { get; init; } = [];

    /// <summary>The records whose data or identity the answer disclosed.</summary>
    public IReadOnlyList<RecordKey> Returned { get; init; } = [];

    /// <summary>The persons changed or disclosed.</summary>
    public IReadOnlyList<string> Persons { get; init; } = [];
}
