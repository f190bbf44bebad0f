using Hl7.Fhir.Model;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

public sealed class MatchTests : IAsyncLifetime
{
    private readonly FhirHost theServer = new();

    public async Task InitializeAsync()
    {
        await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");
        await theServer.FeedAsync(HospitalBill(), $"{Hospital}|RR8-556677");
    }

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task full_demographics_match_every_record_of_the_patient_as_certain_strongest_first()
    {
        var query = GpWilliam();
        query.Identifier.RemoveAll(i => i.System == Gp);

        var bundle = await theServer.MatchAsync(query);

        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        Assert.Equal(["gp.G1001", "hospital.RR8-556677"], bundle.Entry.Select(e => e.Resource!.Id).Order());
        Assert.All(bundle.Entry, e => Assert.Equal((Bundle.SearchEntryMode.Match, "certain"), (e.Search!.Mode, FhirHost.GradeOf(e))));
        Assert.Equal(bundle.Entry.Select(e => e.Search!.Score).OrderDescending(), bundle.Entry.Select(e => e.Search!.Score));
        Assert.All(bundle.Entry, e => Assert.True(e.Search!.Score >= 0.99m));
    }

    [Fact]
    public async Task a_family_name_and_birth_date_alone_are_a_probable_match_not_a_certain_one()
    {
        var bundle = await theServer.MatchAsync(Demographics("Hartley", [], "1984-02-29"));

        Assert.NotEmpty(bundle.Entry);
        Assert.All(bundle.Entry, e => Assert.Equal("probable", FhirHost.GradeOf(e)));
    }

    [Fact]
    public async Task only_certain_matches_and_count_are_honoured()
    {
        var full = GpWilliam();
        full.Identifier.RemoveAll(i => i.System == Gp);

        Assert.Empty((await theServer.MatchAsync(Demographics("Hartley", [], "1984-02-29"), onlyCertain: true)).Entry);
        Assert.Single((await theServer.MatchAsync(full, count: 1)).Entry);
    }

    [Fact]
    public async Task a_match_writes_nothing()
    {
        var before = await theServer.Service.Store.CountAsync();

        await theServer.MatchAsync(Demographics("Okafor", ["Oliver"], "2015-06-01"));

        Assert.Equal(before, await theServer.Service.Store.CountAsync());
    }
}
