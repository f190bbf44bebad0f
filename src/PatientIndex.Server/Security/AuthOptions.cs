namespace PatientIndex.Server.Security;

/// <summary>
/// The <c>Auth</c> section: which OIDC issuer the server trusts and how its tokens name roles. Every
/// gRPC and FHIR call carries a bearer JWT from <see cref="Authority"/> for <see cref="Audience"/>;
/// the steward page signs in at the same issuer as <see cref="StewardClientId"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string DefaultAudience = "patientindex";

    /// <summary>The issuer's URL; its discovery document and JWKS are read from it (and re-read, so keys rotate).</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = DefaultAudience;

    /// <summary>False only for an issuer on plain HTTP (the development issuer, a test's).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim holding roles (<c>role</c>; some issuers say <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The steward page's client at the issuer: authorization code with PKCE, redirect URI <c>{web}/steward/signin-oidc</c>.</summary>
    public string StewardClientId { get; set; } = "patientindex-steward";

    /// <summary>Only if the issuer registered the page as a confidential client.</summary>
    public string? StewardClientSecret { get; set; }

    /// <summary>The least time between two reads of the issuer's keys when a token names a key not yet seen.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a token once accepted is admitted again without its signature checked anew (never past
    /// its expiry); zero checks every call. It is also the longest a token signed by a withdrawn key is still admitted.
    /// </summary>
    public TimeSpan RememberAcceptedTokens { get; set; } = TimeSpan.FromMinutes(1);
}
