using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests.Security;

/// <summary>
/// Tokens against a real OIDC provider the tests start (<see cref="TestIssuer"/>: OpenIddict serving
/// discovery and JWKS over HTTP): what it issues is accepted; expired, wrong-audience, wrong-issuer,
/// unsigned and tampered tokens are refused; a new signing key is trusted once its JWKS is read again.
/// </summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private ServiceHost theService = null!;

    public Task InitializeAsync()
    {
        theService = new ServiceHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await theService.DisposeAsync();

    private static Dictionary<string, object> ReaderClaims() => new() { ["sub"] = "minted-reader", ["scope"] = "system/Patient.read" };

    [Fact]
    public async Task a_token_from_the_issuers_token_endpoint_is_accepted()
    {
        Assert.Equal(StatusCode.NotFound, await StatusWith(TestIssuer.Shared.Token(TestCallers.Reader)));
    }

    [Fact]
    public async Task a_call_without_a_token_is_unauthenticated()
    {
        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(null));
    }

    [Fact]
    public async Task an_expired_token_is_refused_and_the_same_token_unexpired_is_not()
    {
        var expired = TestIssuer.Shared.Mint(ReaderClaims(), DateTime.UtcNow.AddHours(-1));
        var current = TestIssuer.Shared.Mint(ReaderClaims(), DateTime.UtcNow.AddHours(1));

        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(expired));
        Assert.Equal(StatusCode.NotFound, await StatusWith(current));
    }

    [Fact]
    public async Task a_token_for_another_audience_is_refused()
    {
        var other = TestCallers.Reader with { Id = "reader-for-elsewhere", Audience = "someone-else" };

        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(TestIssuer.Shared.Token(other)));
    }

    [Fact]
    public async Task a_token_from_another_issuer_is_refused_whether_signed_by_its_key_or_ours()
    {
        await using var stranger = TestIssuer.Start();
        var ourKeyTheirName = TestIssuer.Shared.Mint(ReaderClaims(), DateTime.UtcNow.AddHours(1), issuer: stranger.Address.ToString());

        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(stranger.Token(TestCallers.Reader)));
        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(ourKeyTheirName));
    }

    [Fact]
    public async Task an_unsigned_token_is_refused()
    {
        var parts = TestIssuer.Shared.Token(TestCallers.Reader).Split('.');
        var none = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""")}.{parts[1]}.";

        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(none));
    }

    [Fact]
    public async Task a_tampered_token_is_refused()
    {
        var parts = TestIssuer.Shared.Token(TestCallers.Reader).Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])))!;
        payload["role"] = "admin";
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        Assert.Equal(StatusCode.Unauthenticated, await StatusWith(tampered));
    }

    [Fact]
    public async Task after_the_issuer_rotates_its_key_a_token_signed_with_the_new_key_is_accepted_once_the_keys_are_read_again()
    {
        await using var issuer = TestIssuer.Start();
        await using var service = new ServiceHost(new Dictionary<string, string?> { ["Auth:KeyRefreshInterval"] = "00:00:01" }, issuer: issuer);
        var before = issuer.Token(TestCallers.Reader);
        Assert.Equal(StatusCode.NotFound, await StatusWith(before, service));

        var newKey = issuer.RotateSigningKey();
        var after = issuer.Token(TestCallers.Reader);

        Assert.Equal(newKey.KeyId, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(after).Kid);
        await Eventually.Async(async () => await StatusWith(after, service) == StatusCode.NotFound, TimeSpan.FromSeconds(30));
        Assert.Equal(StatusCode.NotFound, await StatusWith(before, service));
    }

    [Fact]
    public async Task a_fhir_call_without_a_token_is_a_401_with_www_authenticate_bearer_and_an_operation_outcome()
    {
        using var http = new HttpClient(theService.CreateAnonymousHandler()) { BaseAddress = theService.BaseAddress };

        using var response = await http.GetAsync("/fhir/Patient/gp.G1");

        Assert.Equal(401, (int)response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Fhir.FhirHost.ParseStrictly(await response.Content.ReadAsStringAsync()));
        Assert.Equal(Hl7.Fhir.Model.OperationOutcome.IssueType.Login, outcome.Issue.Single().Code);
    }

    /// <summary>A read of a record nobody holds: NOT_FOUND once the token is accepted.</summary>
    private async Task<StatusCode> StatusWith(string? token, ServiceHost? service = null)
    {
        using var channel = (service ?? theService).ChannelFor(null);
        var headers = token is null ? new Metadata() : new Metadata { { "authorization", "Bearer " + token } };
        try
        {
            await new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(channel).GetCrossReferencesAsync(
                new GetCrossReferencesRequest { Source = "gp", RecordId = "nobody" }, headers);
            return StatusCode.OK;
        }
        catch (RpcException e) { return e.StatusCode; }
    }
}
