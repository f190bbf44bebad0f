using Microsoft.IdentityModel.Tokens;

namespace PatientIndex.Server.Security.Development;

/// <summary>
/// What a development issuer serves: its URL, the audience of its access tokens, its clients (looked
/// up per request, so a test can add some), and its signing key (an ephemeral one when null).
/// </summary>
public sealed record IssuerSettings(Uri Issuer, string Audience, Func<string, IssuerClient?> Client, SecurityKey? SigningKey = null)
{
    /// <summary>The steward page's client: a public client signing users in with authorization code and PKCE.</summary>
    public string LoginClientId { get; init; } = "patientindex-steward";
}
