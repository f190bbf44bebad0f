namespace PatientIndex.Core.Records;

/// <summary>
/// One row read from a system extract: either a source record, or the reason the row was rejected.
/// Readers never drop a row silently; a rejected row is reported with its line.
/// </summary>
/// <param name="Line">1-based physical line number in the file where the row starts.</param>
public sealed record ExtractRow(long Line, SourceRecord? Record, string? RejectionReason, string? RawRecordId = null)
{
    public static ExtractRow Accepted(long line, SourceRecord record) => new(line, record, null, record.RecordId);
    public static ExtractRow Rejected(long line, string reason, string? rawRecordId = null) => new(line, null, reason, rawRecordId);
}
