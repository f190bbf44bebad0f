namespace PatientIndex.Core.Records;

/// <summary>Canonical column names, as they appear in CSV headers, the gRPC API and error messages.</summary>
public static class CanonicalFields
{
    private static readonly string[] Headers =
    [
        "source", "record_id", "nhs_number", "nhs_number_verification", "other_id", "given_name", "middle_names",
        "family_name", "dob", "sex", "postcode", "address_line1", "address_line2", "city", "phone", "email",
    ];

    public static IReadOnlyList<CanonicalField> All { get; } = Enum.GetValues<CanonicalField>();

    public static string HeaderOf(CanonicalField field) => Headers[(int)field];

    public static bool TryParse(string header, out CanonicalField field)
    {
        var index = Array.IndexOf(Headers, header.Trim().ToLowerInvariant());
        field = (CanonicalField)Math.Max(index, 0);
        return index >= 0;
    }
}
