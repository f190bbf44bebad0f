using PatientIndex.Core.Jobs;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>Row shapes that Dapper fills (column aliases match the property names), and their domain forms.</summary>
internal sealed class RecordRow
{
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string? NhsNumber { get; set; }
    public string? NhsNumberVerification { get; set; }
    public string? OtherId { get; set; }
    public string? GivenName { get; set; }
    public string? MiddleNames { get; set; }
    public string? FamilyName { get; set; }
    public string? Dob { get; set; }
    public string? Sex { get; set; }
    public string? Postcode { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string PersonId { get; set; } = "";
    public string Outcome { get; set; } = "";
    public double Probability { get; set; }
    public string Model { get; set; } = "";
    public long Confirmed { get; set; }
    public string? ReviewTaskId { get; set; }
    public string LinkedAt { get; set; } = "";

    /// <summary>
    /// The SELECT list for a source_records r JOIN links l, aliased to this row's properties: the record's
    /// columns in canonical order (as <see cref="SourceRecordReader"/> reads them), then the link's.
    /// </summary>
    public static readonly string Columns = $"""
        {SourceRecordReader.Columns("r")},
        l.person_id AS PersonId, l.outcome AS Outcome, l.probability AS Probability, l.model AS Model,
        l.confirmed AS Confirmed, l.review_task_id AS ReviewTaskId, l.linked_at AS LinkedAt
        """;

    public StoredRecord ToDomain() => new(
        new SourceRecord
        {
            Source = Source, RecordId = RecordId, NhsNumber = NhsNumber, NhsNumberVerification = NhsNumberVerification, OtherId = OtherId, GivenName = GivenName,
            MiddleNames = MiddleNames, FamilyName = FamilyName, Dob = Dob, Sex = Sex, Postcode = Postcode,
            AddressLine1 = AddressLine1, AddressLine2 = AddressLine2, City = City, Phone = Phone, Email = Email,
        },
        new Link(PersonId, StoreText.Outcome(Outcome), Probability, Model, Confirmed != 0, ReviewTaskId, StoreText.Time(LinkedAt)));
}

internal sealed class EventRow
{
    public long EventId { get; set; }
    public string At { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string? FromPersonId { get; set; }
    public string? ToPersonId { get; set; }
    public string Reason { get; set; } = "";
    public string? Model { get; set; }
    public double? Probability { get; set; }
    public string Actor { get; set; } = "";

    public const string Columns = """
        event_id AS EventId, at AS At, kind AS Kind, source AS Source, record_id AS RecordId,
        from_person_id AS FromPersonId, to_person_id AS ToPersonId, reason AS Reason, model AS Model,
        probability AS Probability, actor AS Actor
        """;

    public LinkEvent ToDomain() => new(EventId, StoreText.Time(At), StoreText.EventKind(Kind), new RecordKey(Source, RecordId),
        FromPersonId, ToPersonId, Reason, Model, Probability, Actor);
}

internal sealed class ReviewTaskRow
{
    public string TaskId { get; set; } = "";
    public string CreatedAt { get; set; } = "";
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string PersonId { get; set; } = "";
    public string Reason { get; set; } = "";
    public double Probability { get; set; }
    public string Status { get; set; } = "";
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolvedAt { get; set; }
    public string? ResolutionReason { get; set; }

    public const string Columns = """
        task_id AS TaskId, created_at AS CreatedAt, source AS Source, record_id AS RecordId, person_id AS PersonId,
        reason AS Reason, probability AS Probability, status AS Status, resolution AS Resolution, resolved_by AS ResolvedBy,
        resolved_at AS ResolvedAt, resolution_reason AS ResolutionReason
        """;

    public ReviewTask ToDomain(IReadOnlyList<ReviewCandidate> candidates)
    {
        var status = StoreText.Status(Status);
        var resolution = ResolvedBy is null || ResolvedAt is null ? null
            : new ReviewTaskResolution(TaskId, status, Resolution is null ? null : StoreText.Verdict(Resolution), ResolvedBy, StoreText.Time(ResolvedAt), ResolutionReason ?? "");
        return new ReviewTask(TaskId, StoreText.Time(CreatedAt), new RecordKey(Source, RecordId), PersonId, Reason, Probability, candidates, status, resolution);
    }
}

internal sealed class ReviewCandidateRow
{
    public string TaskId { get; set; } = "";
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string PersonId { get; set; } = "";
    public double Probability { get; set; }

    public ReviewCandidate ToDomain() => new(new RecordKey(Source, RecordId), PersonId, Probability);
}

internal sealed class PersonRow
{
    public string PersonId { get; set; } = "";
    public string CreatedAt { get; set; } = "";
}

internal sealed class DecisionRow
{
    public string DecisionId { get; set; } = "";
    public string At { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Verdict { get; set; } = "";
    public string LeftSource { get; set; } = "";
    public string LeftRecordId { get; set; } = "";
    public string RightSource { get; set; } = "";
    public string RightRecordId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? TaskId { get; set; }

    public const string Columns = """
        decision_id AS DecisionId, at AS At, actor AS Actor, verdict AS Verdict, left_source AS LeftSource,
        left_record_id AS LeftRecordId, right_source AS RightSource, right_record_id AS RightRecordId, reason AS Reason, task_id AS TaskId
        """;

    public StewardDecision ToDomain() => new(DecisionId, StoreText.Time(At), Actor, StoreText.Verdict(Verdict),
        new RecordKey(LeftSource, LeftRecordId), new RecordKey(RightSource, RightRecordId), Reason, TaskId);
}

internal sealed class MergeRow
{
    public string MergeId { get; set; } = "";
    public string At { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string FromPersonId { get; set; } = "";
    public string IntoPersonId { get; set; } = "";
    public string? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }

    public const string Columns = """
        merge_id AS MergeId, at AS At, actor AS Actor, reason AS Reason, from_person_id AS FromPersonId,
        into_person_id AS IntoPersonId, undone_at AS UndoneAt, undone_by AS UndoneBy
        """;

    public PersonMerge ToDomain(IReadOnlyList<RecordKey> records) => new(MergeId, StoreText.Time(At), Actor, Reason, FromPersonId, IntoPersonId,
        records, UndoneAt is null ? null : new MergeUndo(MergeId, StoreText.Time(UndoneAt), UndoneBy ?? ""));
}

internal sealed class MergeRecordRow
{
    public string MergeId { get; set; } = "";
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
}

internal sealed class JobRow
{
    public string JobId { get; set; } = "";
    public string Digest { get; set; } = "";
    public string Spec { get; set; } = "";
    public string State { get; set; } = "";
    public string SubmittedAt { get; set; } = "";
    public int ChunksDone { get; set; }
    public string? Report { get; set; }
    public string? Error { get; set; }
    public string? LeasedBy { get; set; }
    public string? LeaseUntil { get; set; }
    public string? FinishedAt { get; set; }

    public const string Columns = """
        job_id AS JobId, digest AS Digest, spec AS Spec, state AS State, submitted_at AS SubmittedAt, chunks_done AS ChunksDone,
        report AS Report, error AS Error, leased_by AS LeasedBy, lease_until AS LeaseUntil, finished_at AS FinishedAt
        """;

    public ExtractJob ToDomain() => new(JobId, Digest, Spec, StoreText.State(State), StoreText.Time(SubmittedAt), ChunksDone, Report, Error,
        LeasedBy, LeaseUntil is null ? null : StoreText.Time(LeaseUntil), FinishedAt is null ? null : StoreText.Time(FinishedAt));
}
