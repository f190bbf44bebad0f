using System.Net;
using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests.Security;

/// <summary>
/// Who acted is what the token or the steward page's sign-in says, never what a caller claims: an
/// <c>x-user</c> header is ignored, and a forged page cookie signs nobody in.
/// </summary>
public sealed class ForgedIdentityTests : IAsyncLifetime
{
    private ServiceHost theService = null!;

    public Task InitializeAsync()
    {
        theService = new ServiceHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await theService.DisposeAsync();

    private async Task<(string From, string Into)> TwoPersonsAsync()
    {
        var amelia = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = StewardshipTests.GpAmelia() });
        var ruth = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest
        {
            Record = new PatientRecord { Source = "community", RecordId = "C3", GivenName = "Ruth", FamilyName = "Bell", Dob = "1950-01-03" },
        });
        return (ruth.PersonId, amelia.PersonId);
    }

    [Fact]
    public async Task an_x_user_header_beside_a_stewards_token_is_not_believed()
    {
        var (from, into) = await TwoPersonsAsync();
        var headers = TestIssuer.Shared.As(TestCallers.Steward("ann.steward"));
        headers.Add("x-user", "mallory");
        var steward = new Stewardship.StewardshipClient(theService.Channel);

        var merge = await steward.MergePersonsAsync(new MergePersonsRequest { FromPersonId = from, IntoPersonId = into, Reason = "duplicate" }, headers);

        Assert.All(merge.Events, e => Assert.Equal("ann.steward", e.User));
    }

    [Fact]
    public async Task an_x_user_header_without_a_token_is_unauthenticated()
    {
        using var anonymous = theService.ChannelFor(null);
        var steward = new Stewardship.StewardshipClient(anonymous);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            steward.ListReviewTasksAsync(new ListReviewTasksRequest(), new Metadata { { "x-user", "ann.steward" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task a_forged_steward_cookie_or_a_bearer_token_does_not_sign_anyone_in_to_the_steward_page()
    {
        using var forged = Page(new KeyValuePair<string, string>("Cookie", "patientindex-steward=ann.steward"));
        using var bearer = Page(new KeyValuePair<string, string>("Authorization", "Bearer " + TestIssuer.Shared.Token(TestCallers.Steward("ann.steward"))));

        foreach (var http in new[] { forged, bearer })
        {
            using var response = await http.GetAsync("/steward");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(new Uri(TestIssuer.Shared.Address, "connect/authorize").ToString(), response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task a_merge_posted_with_a_forged_cookie_merges_nothing()
    {
        var (from, into) = await TwoPersonsAsync();
        using var http = Page(new KeyValuePair<string, string>("Cookie", "patientindex-steward=ann.steward"));

        using var response = await http.PostAsync($"/steward/persons/{from}/merge", new FormUrlEncodedContent(new Dictionary<string, string> { ["into"] = into }));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var person = await theService.Client.GetPersonAsync(new GetPersonRequest { PersonId = into });
        Assert.Single(person.Records);
    }

    private HttpClient Page(KeyValuePair<string, string> header)
    {
        var http = new HttpClient(theService.CreateAnonymousHandler()) { BaseAddress = theService.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        return http;
    }
}
