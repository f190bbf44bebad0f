namespace PatientIndex.Core.Normalisation;

/// <summary>Sex from the spellings systems use: M/F, male/female, NHS Data Dictionary 1/2 (9 = not stated), FHIR gender codes.</summary>
public static class SexCode
{
    public static Sex Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Sex.Unknown;
        return raw.Trim().ToLowerInvariant() switch
        {
            "m" or "male" or "1" or "man" or "boy" or "mr" => Sex.Male,
            "f" or "female" or "2" or "woman" or "girl" or "w" => Sex.Female,
            _ => Sex.Unknown, // 0, 9, u, unknown, other, x, indeterminate: no evidence either way
        };
    }
}
