using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using PatientIndex.Core.Records;

namespace PatientIndex.Fhir.Tests;

/// <summary>Builds NDJSON extracts for the tests: valid lines from Firely's own serializer, bad lines by hand.</summary>
internal static class Ndjson
{
    public const string Source = "gp_north";

    /// <summary>One NDJSON line: the resource as compact FHIR JSON.</summary>
    public static string Line(Resource resource) => resource.ToJson();

    public static List<ExtractRow> Read(params string[] lines) =>
        PatientNdjsonReader.Read(new StringReader(string.Join('\n', lines)), Source).ToList();

    public static SourceRecord ReadOne(string line)
    {
        var row = Assert.Single(Read(line));
        Assert.Null(row.RejectionReason);
        return row.Record!;
    }
}
