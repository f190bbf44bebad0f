using Grpc.Core;

namespace PatientIndex.Server.Stewardship;

/// <summary>
/// Who is acting. There is no authentication yet: a gRPC caller names the user in the request
/// metadata <c>x-user</c>, the web page in a sign-in cookie. Every change is recorded under it.
/// </summary>
public static class ActingUser
{
    public const string Header = "x-user";
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

    public static string Of(ServerCallContext context) => Check(context.RequestHeaders.GetValue(Header), out var problem)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated,
            $"the acting user {problem}: send it in the request metadata '{Header}' (e.g. grpcurl -H '{Header}: jsmith')"));
}
