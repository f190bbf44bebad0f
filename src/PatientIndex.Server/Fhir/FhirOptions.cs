namespace PatientIndex.Server.Fhir;

/// <summary>
/// Configuration section <c>Fhir</c>. <see cref="Sources"/> maps a source code to the identifier system
/// URI its records carry (e.g. <c>"hospital": "https://trust.example.nhs.uk/Id/mrn"</c>): keyed by code
/// because configuration keys cannot hold a URI's colons. Sources not listed use
/// <c>urn:patientindex:source:&lt;code&gt;</c>.
/// </summary>
public sealed class FhirOptions
{
    public const string Section = "Fhir";

    public Dictionary<string, string> Sources { get; set; } = new(StringComparer.Ordinal);
}
