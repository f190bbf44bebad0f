namespace PatientIndex.Server.Security.Development;

/// <summary>
/// One-command local development: in Development with no <c>Auth:Authority</c>, the server is its own
/// issuer on the Web endpoint, with a client per kind of caller (all with the secret
/// <see cref="Secret"/>), and says at start-up how to get each one's token. Anywhere else the
/// server refuses to start without an issuer.
/// </summary>
internal static class DevelopmentSignIn
{
    public const string Secret = "development";
    private const string DefaultWebUrl = "http://127.0.0.1:5081";

    public static IReadOnlyList<IssuerClient> Clients { get; } =
    [
        .. new[] { "gp", "hospital", "community" }.Select(source =>
            new IssuerClient(source, Secret, [], [AccessPolicy.ReadScope, AccessPolicy.WriteScope], [source])),
        new("reader", Secret, [], [AccessPolicy.ReadScope], []),
        new("steward", Secret, ["steward"], [], []),
        new("auditor", Secret, ["auditor"], [], []),
        new("admin", Secret, ["admin"], [], []),
        new("monitor", Secret, [], [AccessPolicy.MetricsScope], []),
    ];

    /// <summary>Registers the development issuer when this is Development and no issuer is configured; true when it did.</summary>
    public static bool Configure(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration["Auth:Authority"])) return false;
        var issuer = new Uri((builder.Configuration["Kestrel:Endpoints:Web:Url"] ?? DefaultWebUrl).TrimEnd('/') + "/");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = issuer.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
        });
        var audience = builder.Configuration["Auth:Audience"] ?? AuthOptions.DefaultAudience;
        builder.Services.AddDevelopmentIssuer(new IssuerSettings(issuer, audience, id => Clients.FirstOrDefault(c => c.Id == id)));
        return true;
    }

    /// <summary>Stops a server outside Development that has no issuer to trust, with the reason; false when it must not start.</summary>
    public static bool CheckIssuer(WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration["Auth:Authority"])) return true;
        Console.Error.WriteLine($"PatientIndex will not start: Auth:Authority is not set, so no caller could be authenticated. "
            + $"Name the OIDC issuer whose tokens it trusts (--Auth:Authority=https://login.example.nhs.uk/realms/mpi, or Auth__Authority=...) "
            + $"and the audience of its access tokens (Auth:Audience, default {AuthOptions.DefaultAudience}). "
            + $"(Environment {app.Environment.EnvironmentName}: only Development runs its own sign-in.)");
        return false;
    }

    public static void PrintHowToSignIn(WebApplication app)
    {
        var issuer = app.Configuration["Auth:Authority"]!.TrimEnd('/');
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"""

            Development sign-in: this server is its own OIDC issuer at {issuer}/ (Development only; set Auth:Authority for a real one).
            Get a token for each kind of caller by client credentials (secret '{Secret}'):
            {string.Join(Environment.NewLine, Clients.Select(Describe))}
              TOKEN=$(curl -s {issuer}{DevelopmentIssuer.TokenPath} -d grant_type=client_credentials -d client_id=gp -d client_secret={Secret} | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
              grpcurl -plaintext -H "authorization: Bearer $TOKEN" ... ; curl -H "Authorization: Bearer $TOKEN" ...
            The steward page {issuer}/steward signs in on the development login page (any name; tick the roles).

            """));
    }

    private static string Describe(IssuerClient c) =>
        $"  client_id={c.Id,-10} {string.Join(" ", c.Scopes.Select(s => "scope " + s).Concat(c.Roles.Select(r => "role " + r)).Concat(c.Sources.Select(s => "source " + s)))}";
}
