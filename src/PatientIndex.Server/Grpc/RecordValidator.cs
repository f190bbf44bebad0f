using PatientIndex.Api.V1;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// Checks a request's record before anything is decided, reporting every bad field at once:
/// missing keys, oversized or control-character strings, birth dates that cannot be read or lie
/// in the future, NHS numbers that are not numbers, verification statuses that are not codes.
/// </summary>
internal static class RecordValidator
{
    public const int MaxKeyLength = 128;
    public const int MaxFieldLength = 256;

    /// <param name="keyRequired">True where the record is written (source and record_id must be given).</param>
    public static List<FieldViolation> Check(PatientRecord? record, DateOnly today, bool keyRequired, string prefix = "record")
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
        CheckValues(record, today, prefix, violations);
        return violations;
    }

    /// <summary>Values the engine could not use, refused here because a caller, unlike a bulk run, has no warnings file to read.</summary>
    private static void CheckValues(PatientRecord record, DateOnly today, string prefix, List<FieldViolation> violations)
    {
        if (record.Dob.Length is > 0 and <= MaxFieldLength)
        {
            BirthDate.Parse(record.Dob, null, today, out var problem);
            if (problem is not null) violations.Add(Violation(prefix + ".dob", $"'{record.Dob}' is not usable: {problem}"));
        }
        if (record.NhsNumber.Length is > 0 and <= MaxFieldLength)
        {
            NhsNumber.Normalise(record.NhsNumber, out _, out var problem);
            if (problem is not null && problem.Contains("characters", StringComparison.Ordinal)) violations.Add(Violation(prefix + ".nhs_number", problem));
        }
        if (record.NhsNumberVerification.Length is > 0 and <= MaxFieldLength)
        {
            NhsNumberVerificationCode.Normalise(record.NhsNumberVerification, out var problem);
            if (problem is not null) violations.Add(Violation(prefix + ".nhs_number_verification", $"'{record.NhsNumberVerification}' is not usable: {problem}"));
        }
    }

    public static void Required(string value, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(value)) violations.Add(Violation(field, "is required"));
        else if (value.Length > MaxKeyLength) violations.Add(Violation(field, $"is {value.Length} characters long; at most {MaxKeyLength} are allowed"));
    }

    public static FieldViolation Violation(string field, string description) => new() { Field = field, Description = description };
}
