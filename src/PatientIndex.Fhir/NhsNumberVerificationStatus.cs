using Hl7.Fhir.Model;
using PatientIndex.Core.Normalisation;
using static PatientIndex.Fhir.Internal.RawElements;

namespace PatientIndex.Fhir;

/// <summary>
/// UK Core's NHS Number Verification Status: an extension on the NHS-number identifier whose
/// valueCodeableConcept holds a code of the England code system, 01 (present and verified) to 08.
/// </summary>
public static class NhsNumberVerificationStatus
{
    public const string ExtensionUrl = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    public const string CodeSystemUrl = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";

    private static readonly Dictionary<string, string> Displays = new(StringComparer.Ordinal)
    {
        ["01"] = "Number present and verified",
        ["02"] = "Number present but not traced",
        ["03"] = "Trace required",
        ["04"] = "Trace attempted - No match or multiple match found",
        ["05"] = "Trace needs to be resolved - (NHS Number or patient detail conflict)",
        ["06"] = "Trace in progress",
        ["07"] = "Number not present and trace not required",
        ["08"] = "Trace postponed (baby under six weeks old)",
    };

    /// <summary>
    /// The code as sent on <paramref name="identifier"/>, or null. A coding in another code system is not
    /// this status; one without a system is taken, as the extension's URL already says what it means.
    /// </summary>
    internal static string? Read(Identifier identifier)
    {
        foreach (var extension in Many<Extension>(identifier, "extension"))
        {
            if (!string.Equals(Text(extension, "url"), ExtensionUrl, StringComparison.Ordinal)) continue;
            foreach (var coding in Codings(One<DataType>(extension, "value")))
                if (Text(coding, "system") is null or CodeSystemUrl && Text(coding, "code") is { } code) return code;
        }
        return null;
    }

    /// <summary>The extension for a stored status, or null when the status is not one of the codes (it is left out, not sent invalid).</summary>
    internal static Extension? ToExtension(string? status) =>
        NhsNumberVerificationCode.Normalise(status, out _) is { } code
            ? new Extension(ExtensionUrl, new CodeableConcept { Coding = [new Coding(CodeSystemUrl, code, Displays[code])] })
            : null;

    // UK Core says valueCodeableConcept; a lone valueCoding is read too, since it can only mean the same.
    private static IEnumerable<Coding> Codings(DataType? value) => value switch
    {
        CodeableConcept concept => Many<Coding>(concept, "coding"),
        Coding coding => [coding],
        _ => [],
    };
}
