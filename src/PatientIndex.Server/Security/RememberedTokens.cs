using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace PatientIndex.Server.Security;

/// <summary>
/// Validates bearer tokens through <paramref name="inner"/>, remembering each token it accepted for
/// <paramref name="keep"/> (never past the token's own expiry), so an integration engine sending the
/// same token with every message pays for its signature check once, not on every call. Only accepted
/// tokens are remembered, by their exact text: a changed byte is a different token, checked afresh.
/// A key the issuer withdraws stops admitting the tokens it signed once their time here runs out.
/// </summary>
public sealed class RememberedTokens(TokenHandler inner, TimeSpan keep, TimeProvider clock, int capacity = RememberedTokens.DefaultCapacity) : TokenHandler
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Accepted> _accepted = new(StringComparer.Ordinal);

    /// <summary>How many accepted tokens are remembered now.</summary>
    public int Count => _accepted.Count;

    private sealed record Accepted(TokenValidationResult Result, DateTimeOffset Until);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_accepted.TryGetValue(token, out var accepted))
        {
            if (now < accepted.Until) return Copy(accepted.Result);
            _accepted.TryRemove(token, out _);
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && keep > TimeSpan.Zero) Remember(token, result, now);
        return result;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        inner.ValidateTokenAsync(token, validationParameters);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private void Remember(string token, TokenValidationResult result, DateTimeOffset now)
    {
        var until = now + keep;
        if (result.SecurityToken is { ValidTo: var validTo } && validTo > DateTime.MinValue && validTo < until.UtcDateTime)
            until = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (until <= now) return;
        if (_accepted.Count >= capacity) Forget(now);
        if (_accepted.Count < capacity) _accepted[token] = new Accepted(Copy(result), until);
    }

    /// <summary>Drops the expired; when every one is still current (more callers than the capacity), all of them.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (token, accepted) in _accepted)
            if (accepted.Until <= now) _accepted.TryRemove(token, out _);
        if (_accepted.Count >= capacity) _accepted.Clear();
    }

    /// <summary>Each request gets its own identity: what one request's code adds to it must not reach the next.</summary>
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };
}
