namespace PatientIndex.Core.Tests;

public class CoreDependencyTests
{
    [Fact]
    public void the_core_references_no_storage_ml_fhir_or_web_assemblies()
    {
        var forbidden = new[] { "Microsoft.ML", "Hl7.Fhir", "Dapper", "Npgsql", "Microsoft.Data.Sqlite", "Grpc", "Microsoft.AspNetCore" };
        var referenced = typeof(PatientIndex.Core.Records.SourceRecord).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(referenced, name => forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }
}
