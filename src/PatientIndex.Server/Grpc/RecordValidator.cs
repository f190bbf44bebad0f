using PatientIndex.Api.V1;
using PatientIndex.Core.Records;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// Checks a request's record before anything is decided, reporting every bad field at once. Only what
/// cannot be a record is refused: missing keys, oversized values, control characters and bidirectional
/// text controls (the rule every door applies, <see cref="TextHygiene"/>). A value the engine cannot use
/// (a birth date that is no calendar date or lies in the future, an NHS number with letters in it) is
/// left out of matching and named in the answer's warnings, as bulk linkage writes it to warnings.csv.
/// </summary>
internal static class RecordValidator
{
    public const int MaxKeyLength = 128;
    public const int MaxFieldLength = 256;

    /// <param name="keyRequired">True where the record is written (source and record_id must be given).</param>
    public static List<FieldViolation> Check(PatientRecord? record, bool keyRequired, string prefix = "record")
    {
        var violations = new List<FieldViolation>();
        if (record is null)
        {
            violations.Add(Violation(prefix, "is required"));
            return violations;
        }
        if (keyRequired) Required(record.Source, prefix + ".source", violations);
        if (keyRequired) Required(record.RecordId, prefix + ".record_id", violations);
        foreach (var field in PatientRecord.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = (string)field.Accessor.GetValue(record);
            var max = field.FieldNumber <= PatientRecord.RecordIdFieldNumber ? MaxKeyLength : MaxFieldLength;
            var name = $"{prefix}.{field.Name}";
            if (value.Length > max) violations.Add(Violation(name, $"is {value.Length} characters long; at most {max} are allowed"));
            else if (TextHygiene.Problem(value) is { } problem) violations.Add(Violation(name, problem));
        }
        return violations;
    }

    public static void Required(string value, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(value)) violations.Add(Violation(field, "is required"));
        else if (value.Length > MaxKeyLength) violations.Add(Violation(field, $"is {value.Length} characters long; at most {MaxKeyLength} are allowed"));
    }

    public static FieldViolation Violation(string field, string description) => new() { Field = field, Description = description };
}
