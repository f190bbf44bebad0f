using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

public sealed class MetadataTests : IAsyncLifetime
{
    private readonly FhirHost theServer = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task the_capability_statement_names_the_operations_and_interactions_served()
    {
        var capabilities = await theServer.Client.CapabilityStatementAsync();

        var rest = Assert.Single(capabilities!.Rest);
        var patient = rest.Resource.Single(r => r.Type == "Patient");
        Assert.Equal(["ihe-pix", "match"], patient.Operation.Select(o => o.Name).Order());
        Assert.True(patient.ConditionalUpdate);
        Assert.True(patient.ConditionalCreate);
        Assert.Contains("409 Conflict", patient.Documentation);
        Assert.Contains("If-None-Exist", patient.Documentation);
        Assert.Contains("replaced-by", patient.Documentation);
        Assert.Equal(["create", "delete", "read", "update"], patient.Interaction.Select(i => i.Code.ToString()!.ToLowerInvariant()).Order());
        Assert.Equal(FHIRVersion.N4_0_1, capabilities.FhirVersion);
        Assert.Contains(rest.Resource, r => r.Type == "Person");
    }
}
