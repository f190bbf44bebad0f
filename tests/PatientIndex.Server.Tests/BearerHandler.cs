extern alias server;
using System.Net.Http.Headers;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests;

/// <summary>Sends the caller's bearer token on every request that carries none of its own (a gRPC call's metadata may).</summary>
public sealed class BearerHandler(IssuerClient caller, HttpMessageHandler inner, TestIssuer? issuer = null) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await (issuer ?? TestIssuer.Shared).TokenAsync(caller));
        return await base.SendAsync(request, cancellationToken);
    }
}
