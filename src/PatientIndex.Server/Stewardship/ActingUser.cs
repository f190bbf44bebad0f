using System.Security.Claims;
using Grpc.Core;

namespace PatientIndex.Server.Stewardship;

/// <summary>
/// Who is acting: the subject (<c>sub</c>) of the validated token, or of the steward page's sign-in,
/// and nothing the caller merely says (no header, no form field). Every change is recorded under it.
/// </summary>
public static class ActingUser
{
    public const int MaxLength = 128;

    /// <summary>The user named, or null with the problem when the name is missing or unusable.</summary>
    public static string? Check(string? name, out string? problem)
    {
        var trimmed = name?.Trim();
        problem = string.IsNullOrEmpty(trimmed) ? "is required"
            : trimmed.Length > MaxLength ? $"is longer than {MaxLength} characters"
            : trimmed.Any(char.IsControl) ? "contains control characters"
            : null;
        return problem is null ? trimmed : null;
    }

    /// <summary>The signed-in subject, or null when there is none usable.</summary>
    public static string? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Check(user.FindFirst("sub")?.Value, out _) : null;

    public static string Of(ServerCallContext context) => Of(context.GetHttpContext().User)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated,
            $"the token names no usable subject: its 'sub' claim must be 1 to {MaxLength} characters without control characters"));
}
