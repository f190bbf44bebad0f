using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Server.Matching;

/// <summary>
/// A record normaliser whose idea of today moves with the clock: a server runs for months, and a
/// birth date is "in the future" only relative to the day the record arrives.
/// </summary>
public sealed class TodaysNormaliser(TimeProvider clock)
{
    private Dated? _current;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public NormalisedRecord Normalise(SourceRecord record, List<FieldProblem>? problems = null) => Current().Normalise(record, problems);

    private RecordNormaliser Current()
    {
        var today = Today;
        var current = _current;
        if (current is null || current.Day != today) _current = current = new Dated(today, new RecordNormaliser(NicknameTable.Default, today));
        return current.Normaliser;
    }

    private sealed record Dated(DateOnly Day, RecordNormaliser Normaliser);
}
