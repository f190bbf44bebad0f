using BenchmarkDotNet.Attributes;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Benchmarks;

/// <summary>Normalising one source record (runs once per record, so it may allocate its output strings).</summary>
public class NormalisationBenchmarks
{
    private readonly RecordNormaliser _normaliser = new();
    private readonly SourceRecord _record = new()
    {
        Source = "gp", RecordId = "1", NhsNumber = "943 476 5919", GivenName = "Mr William James", FamilyName = "MacDonald-Hughes",
        Dob = "1961-04-12", Sex = "M", Postcode = "ls62qt", AddressLine1 = "14 Cardigan Rd.", City = "Leeds", Phone = "+44 7700 900123", Email = "Bill@Example.org",
    };

    [Benchmark]
    public NormalisedRecord Normalise() => _normaliser.Normalise(_record);
}
