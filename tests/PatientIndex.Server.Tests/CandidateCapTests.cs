using System.Net;
using Google.Rpc;
using Grpc.Core;
using Hl7.Fhir.Rest;
using PatientIndex.Api.V1;
using PatientIndex.Server.Tests.Fhir;

namespace PatientIndex.Server.Tests;

/// <summary><c>Matching:MaxCandidatesPerCall</c>: a call asking for more candidates than the cap is refused, naming its field.</summary>
public sealed class CandidateCapTests : IAsyncLifetime
{
    private readonly FhirHost theServer = new(new Dictionary<string, string?> { ["Matching:MaxCandidatesPerCall"] = "3" });

    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client => theServer.Service.Client;

    public async Task InitializeAsync() => await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task match_with_top_k_over_the_cap_is_refused_naming_top_k_and_at_the_cap_is_answered()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.MatchAsync(new MatchRequest { Record = Patients.HospitalBill(), TopK = 4 }).ResponseAsync);
        var answered = await Client.MatchAsync(new MatchRequest { Record = Patients.HospitalBill(), TopK = 3 });

        var violation = Assert.Single(Violations(refused));
        Assert.Equal(("top_k", "must be between 0 and 3"), (violation.Field, violation.Description));
        Assert.Equal("G1001", Assert.Single(answered.Candidates).RecordId);
    }

    [Fact]
    public async Task match_and_link_with_max_candidates_over_the_cap_is_refused_naming_max_candidates_and_writes_nothing()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill(), MaxCandidates = 4 }).ResponseAsync);

        Assert.Equal("max_candidates", Assert.Single(Violations(refused)).Field);
        Assert.Equal(1, (await theServer.Service.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task in_a_stream_max_candidates_over_the_cap_is_an_error_answer_naming_max_candidates()
    {
        using var call = Client.MatchAndLinkStream();
        await call.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill(), MaxCandidates = 4 });
        await call.RequestStream.CompleteAsync();

        var answer = Assert.Single(await call.ResponseStream.ReadAllAsync().ToListAsync());

        Assert.Equal("max_candidates", Assert.Single(answer.Error.FieldViolations).Field);
    }

    [Fact]
    public async Task fhir_match_with_a_count_over_the_cap_is_a_400_naming_count()
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.MatchAsync(PatientResources.HospitalBill(), count: 4));
        var answered = await theServer.MatchAsync(PatientResources.HospitalBill(), count: 3);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["Parameters.parameter.where(name = 'count').value"], refused.Outcome!.Issue[0].Expression);
        Assert.Contains("from 1 to 3", refused.Outcome.Issue[0].Diagnostics);
        Assert.NotEmpty(answered.Entry);
    }

    private static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
    }
}
