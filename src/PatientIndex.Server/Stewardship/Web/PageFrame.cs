using Microsoft.AspNetCore.Antiforgery;

namespace PatientIndex.Server.Stewardship.Web;

/// <summary>What every steward page's frame shows: its title, the section it belongs to, who is signed in, the form token, and a message or a refusal.</summary>
public sealed record PageFrame(string Title, StewardSection Section, string? User, AntiforgeryTokenSet? Tokens, string? Message = null, string? Error = null);

public enum StewardSection
{
    Queue,
    Deferred,
    Resolved,
    Search,
    Person,
    Task,
    SignedOut,
}
