extern alias server;

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using server::PatientIndex.Server.Security;

namespace PatientIndex.Server.Tests.Security;

/// <summary>
/// An accepted token is admitted again without its signature checked, for a while and never past its
/// expiry; refused tokens are checked every time; each request gets its own copy of the identity.
/// Tokens are signed with a real RSA key and checked by the JWT handler the server uses.
/// </summary>
public sealed class RememberedTokensTests
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly Clock theClock = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler theChecker = new();

    private static TokenValidationParameters Parameters(SecurityKey? key = null) => new()
    {
        ValidIssuer = "https://issuer.test", ValidAudience = "patientindex", IssuerSigningKey = key ?? Key,
    };

    private static string Token(DateTime expires, string subject = "gp-system") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://issuer.test", Audience = "patientindex", Expires = expires, NotBefore = DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", "system/Patient.read")]),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
    });

    private RememberedTokens Remembering(TimeSpan keep, int capacity = RememberedTokens.DefaultCapacity) => new(theChecker, keep, theClock, capacity);

    [Fact]
    public async Task an_accepted_token_is_checked_once_while_it_is_remembered()
    {
        var tokens = Remembering(TimeSpan.FromMinutes(1));
        var token = Token(DateTime.UtcNow.AddHours(1));

        for (var call = 0; call < 3; call++) Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);

        Assert.Equal(1, theChecker.Checks);
    }

    [Fact]
    public async Task once_its_time_is_up_the_token_is_checked_again()
    {
        var tokens = Remembering(TimeSpan.FromMinutes(1));
        var token = Token(DateTime.UtcNow.AddHours(1));
        await tokens.ValidateTokenAsync(token, Parameters());

        theClock.Advance(TimeSpan.FromSeconds(61));
        var again = await tokens.ValidateTokenAsync(token, Parameters(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" }));

        Assert.Equal(2, theChecker.Checks);
        Assert.False(again.IsValid);
    }

    [Fact]
    public async Task a_token_is_never_remembered_past_its_expiry()
    {
        var tokens = Remembering(TimeSpan.FromHours(1));
        var token = Token(DateTime.UtcNow.AddMinutes(2));
        await tokens.ValidateTokenAsync(token, Parameters());

        theClock.Advance(TimeSpan.FromMinutes(3));
        await tokens.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, theChecker.Checks);
    }

    [Fact]
    public async Task a_refused_token_is_checked_every_time_and_a_changed_byte_is_another_token()
    {
        var tokens = Remembering(TimeSpan.FromMinutes(1));
        var token = Token(DateTime.UtcNow.AddHours(1));
        await tokens.ValidateTokenAsync(token, Parameters());
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        Assert.False((await tokens.ValidateTokenAsync(tampered, Parameters())).IsValid);
        Assert.False((await tokens.ValidateTokenAsync(tampered, Parameters())).IsValid);
        Assert.Equal(3, theChecker.Checks);
    }

    [Fact]
    public async Task each_request_gets_its_own_identity()
    {
        var tokens = Remembering(TimeSpan.FromMinutes(1));
        var token = Token(DateTime.UtcNow.AddHours(1));
        var first = await tokens.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));

        var second = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.Equal("gp-system", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("role"));
    }

    [Fact]
    public async Task nothing_is_remembered_when_the_time_is_zero_and_no_more_than_the_capacity_is_held()
    {
        var none = Remembering(TimeSpan.Zero);
        var token = Token(DateTime.UtcNow.AddHours(1));
        await none.ValidateTokenAsync(token, Parameters());
        await none.ValidateTokenAsync(token, Parameters());
        Assert.Equal(2, theChecker.Checks);

        var two = Remembering(TimeSpan.FromMinutes(1), capacity: 2);
        var callers = Enumerable.Range(0, 3).Select(i => Token(DateTime.UtcNow.AddHours(1), $"system-{i}")).ToList();
        foreach (var caller in callers) await two.ValidateTokenAsync(caller, Parameters());
        foreach (var caller in callers) Assert.True((await two.ValidateTokenAsync(caller, Parameters())).IsValid);
        Assert.InRange(two.Count, 1, 2);
        Assert.True(theChecker.Checks >= 2 + 3 + 2, $"{theChecker.Checks} checks: callers over the capacity are checked again");
    }

    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _jwt = new() { MapInboundClaims = false };
        public int Checks;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref Checks);
            return _jwt.ValidateTokenAsync(token, validationParameters);
        }
    }

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
