extern alias server;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The tests' OIDC provider: the development issuer (OpenIddict's server) in its own host on a loopback
/// port, serving discovery, JWKS, client credentials and the login page over real HTTP. Tests register
/// the callers they need (<see cref="TestCallers"/>) and get their tokens from its token endpoint.
/// <see cref="Shared"/> serves every test; a test that rotates keys starts its own.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string Audience = "patientindex";
    private static readonly Lazy<TestIssuer> SharedIssuer = new(() => Start());
    private readonly ConcurrentDictionary<string, IssuerClient> _clients = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private readonly HttpClient _http = new();
    private WebApplication _app = null!;

    private TestIssuer(Uri address, RsaSecurityKey key) => (Address, SigningKey) = (address, key);

    public static TestIssuer Shared => SharedIssuer.Value;

    public Uri Address { get; }

    /// <summary>The key it signs with now.</summary>
    public RsaSecurityKey SigningKey { get; private set; }

    /// <summary>What a server needs to trust it, as configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = Address.ToString(), ["Auth:Audience"] = Audience, ["Auth:RequireHttpsMetadata"] = "false",
    };

    public string[] Arguments => [.. Settings.Select(s => $"--{s.Key}={s.Value}")];

    public static TestIssuer Start()
    {
        var issuer = new TestIssuer(new Uri($"http://127.0.0.1:{RealServer.FreePort()}/"), NewKey());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing", ContentRootPath = Directory.CreateTempSubdirectory("patientindex-issuer-").FullName,
        });
        builder.WebHost.UseUrls(issuer.Address.ToString().TrimEnd('/'));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDevelopmentIssuer(new IssuerSettings(issuer.Address, Audience, id => issuer._clients.GetValueOrDefault(id), issuer.SigningKey));
        issuer._app = builder.Build();
        issuer._app.UseAuthentication();
        issuer._app.MapDevelopmentIssuer();
        issuer._app.StartAsync().GetAwaiter().GetResult();
        return issuer;
    }

    /// <summary>An access token for the caller, from the token endpoint by client credentials (kept for the run).</summary>
    public Task<string> TokenAsync(IssuerClient caller)
    {
        _clients[caller.Id] = caller;
        return _tokens.GetOrAdd(caller.Id, _ => new Lazy<Task<string>>(() => RequestTokenAsync(caller))).Value;
    }

    public string Token(IssuerClient caller) => TokenAsync(caller).GetAwaiter().GetResult();

    /// <summary>gRPC metadata carrying the caller's token, for one call as another user.</summary>
    public Metadata As(IssuerClient caller) => new() { { "authorization", "Bearer " + Token(caller) } };

    /// <summary>The token endpoint's answer as it is: the token, or the error.</summary>
    public async Task<HttpResponseMessage> RequestAsync(IssuerClient caller, string? scope = null)
    {
        _clients[caller.Id] = caller;
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = caller.Id, ["client_secret"] = caller.Secret };
        if (scope is not null) form["scope"] = scope;
        return await _http.PostAsync(new Uri(Address, "connect/token"), new FormUrlEncodedContent(form));
    }

    /// <summary>Starts signing with a new key, publishing it beside the old one (as a rotating issuer does); tokens are issued anew.</summary>
    public RsaSecurityKey RotateSigningKey()
    {
        var key = NewKey();
        var options = _app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        options.SigningCredentials.Insert(0, new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        _tokens.Clear();
        return SigningKey = key;
    }

    /// <summary>A token made by hand with this issuer's name and (unless given another) its key: for lifetimes and tamperings the token endpoint would never issue.</summary>
    public string Mint(IDictionary<string, object> claims, DateTime expires, SecurityKey? key = null, string? issuer = null, string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Address.ToString(), Audience = audience, Claims = claims, TokenType = "at+jwt",
            IssuedAt = expires.AddHours(-1), NotBefore = expires.AddHours(-1), Expires = expires,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<string> RequestTokenAsync(IssuerClient caller)
    {
        using var response = await RequestAsync(caller);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        if (!response.IsSuccessStatusCode || body?.GetValueOrDefault("access_token")?.ToString() is not { Length: > 0 } token)
            throw new InvalidOperationException($"the issuer refused a token for {caller.Id}: {(int)response.StatusCode} {string.Join(", ", body ?? [])}");
        return token;
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
}
