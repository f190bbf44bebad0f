using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Server.Matching;

/// <summary>
/// A record normaliser whose idea of today moves with the clock: a server runs for months, and a
/// birth date is "in the future" only relative to the day the record arrives. Every record shares one memo of
/// names, postcodes and towns, so the index holds each value once; the memo outlives the day, as those forms do
/// not depend on it.
/// </summary>
public sealed class TodaysNormaliser(TimeProvider clock)
{
    private Dated? _current;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public NormalisedRecord Normalise(SourceRecord record, List<FieldProblem>? problems = null)
    {
        var current = Current();
        return current.Normaliser.Normalise(record, problems, current.Memo);
    }

    private Dated Current()
    {
        var today = Today;
        var current = _current;
        if (current is not null && current.Day == today) return current;
        var normaliser = new RecordNormaliser(NicknameTable.Default, today);
        return _current = new Dated(today, normaliser, current?.Memo ?? normaliser.NewSharedMemo());
    }

    private sealed record Dated(DateOnly Day, RecordNormaliser Normaliser, RecordNormaliser.Memo Memo);
}
