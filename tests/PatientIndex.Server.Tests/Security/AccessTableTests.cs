extern alias server;
using System.Security.Claims;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using server::PatientIndex.Server.Security;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests.Security;

/// <summary>
/// The policy table is the data: every gRPC method and FHIR interaction is called as anonymous and as
/// each kind of caller, and the set each may call is exactly the set the table admits it to. A call is
/// refused when it answers UNAUTHENTICATED / PERMISSION_DENIED or 401 / 403; any other answer (a result,
/// NOT_FOUND, INVALID_ARGUMENT, a 400) means it got past authorisation.
/// </summary>
public sealed class AccessTableTests : IAsyncLifetime
{
    private ServiceHost theService = null!;

    private static readonly ServiceDescriptor[] Services =
    [
        PatientIndex.Api.V1.PatientIndex.Descriptor, PatientIndex.Api.V1.Stewardship.Descriptor, PatientIndex.Api.V1.Admin.Descriptor,
        PatientIndex.Api.V1.Jobs.Descriptor, PatientIndex.Api.V1.Audit.Descriptor, Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        Grpc.Reflection.V1.ServerReflection.Descriptor,
    ];

    private static readonly Dictionary<string, IssuerClient?> Callers = new()
    {
        ["anonymous"] = null,
        ["system reader"] = TestCallers.Reader,
        ["user reader"] = TestCallers.UserReader,
        ["gp integration"] = TestCallers.Integration("gp"),
        ["steward"] = TestCallers.Steward("table-steward"),
        ["auditor"] = TestCallers.Auditor,
        ["admin"] = TestCallers.Admin,
    };

    public static TheoryData<string> CallerNames => [.. Callers.Keys];

    public Task InitializeAsync()
    {
        theService = new ServiceHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await theService.DisposeAsync();

    [Theory]
    [MemberData(nameof(CallerNames))]
    public async Task each_caller_may_call_exactly_the_operations_the_policy_table_admits_it_to(string name)
    {
        var caller = Callers[name];
        var expected = AccessPolicy.Operations.Where(o => Admits(o.Policy, caller)).Select(o => o.Key).Order().ToList();

        var allowed = new List<string>();
        foreach (var operation in AccessPolicy.Operations)
            if (await AllowedAsync(operation.Key, caller)) allowed.Add(operation.Key);

        Assert.Equal(expected, allowed.Order().ToList());
    }

    [Fact]
    public void every_grpc_method_of_every_service_has_a_row_in_the_policy_table()
    {
        var methods = Services.SelectMany(s => s.Methods).Select(m => $"{m.Service.FullName}/{m.Name}").ToList();

        Assert.Empty(methods.Except(AccessPolicy.Operations.Select(o => o.Key)));
        Assert.Equal(methods.Count, AccessPolicy.Operations.Count(o => !o.Key.Contains(' ')));
    }

    [Fact]
    public void every_endpoint_the_server_maps_has_its_policy_and_the_table_names_no_endpoint_that_is_not_there()
    {
        var endpoints = theService.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var keys = endpoints.Select(KeyOf).ToHashSet();

        Assert.Empty(AccessPolicy.Operations.Select(o => o.Key).Except(keys));
        foreach (var endpoint in endpoints.Where(e => AccessPolicy.Operations.Any(o => o.Key == KeyOf(e))))
        {
            var policy = AccessPolicy.Operations.Single(o => o.Key == KeyOf(endpoint)).Policy;
            if (policy == AccessPolicy.Anonymous) Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            else Assert.Equal(policy, endpoint.Metadata.GetMetadata<IAuthorizeData>()?.Policy);
        }
    }

    [Fact]
    public void integration_systems_write_only_their_own_source_and_nobody_else_writes_records()
    {
        Assert.True(AccessPolicy.Rule(AccessPolicy.PatientWrite).OwnSourceOnly);
        Assert.Equal([AccessPolicy.WriteScope], AccessPolicy.Rule(AccessPolicy.PatientWrite).Scopes);
        Assert.Empty(AccessPolicy.Rule(AccessPolicy.PatientWrite).Roles);
    }

    private static bool Admits(string policy, IssuerClient? caller) =>
        policy == AccessPolicy.Anonymous || caller is not null && AccessPolicy.Rule(policy).Admits(new Caller(PrincipalOf(caller)));

    /// <summary>The principal a token of this client becomes: its scopes, roles and sources as claims.</summary>
    private static ClaimsPrincipal PrincipalOf(IssuerClient client) => new(new ClaimsIdentity(
        [
            new Claim("sub", client.Subject), new Claim("scope", string.Join(' ', client.Scopes)),
            .. client.Roles.Select(r => new Claim("role", r)), .. client.Sources.Select(s => new Claim(Caller.SourceClaim, s)),
        ], "test", "name", "role"));

    private async Task<bool> AllowedAsync(string key, IssuerClient? caller) =>
        key.Contains(' ') ? await HttpAllowedAsync(key, caller) : await GrpcAllowedAsync(key, caller);

    private async Task<bool> GrpcAllowedAsync(string key, IssuerClient? caller)
    {
        var method = Services.SelectMany(s => s.Methods).Single(m => $"{m.Service.FullName}/{m.Name}" == key);
        using var channel = theService.ChannelFor(caller);
        var invoker = channel.CreateCallInvoker();
        var bytes = Marshallers.Create(b => b, b => b);
        var raw = new Method<byte[], byte[]>(TypeOf(method), method.Service.FullName, method.Name, bytes, bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (raw.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(raw, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(raw, null, options, [])) await call.ResponseStream.MoveNext();
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext()) { }
                    }
                    break;
            }
            return true;
        }
        catch (RpcException e) { return e.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied); }
    }

    private async Task<bool> HttpAllowedAsync(string key, IssuerClient? caller)
    {
        var (method, path) = (key[..key.IndexOf(' ')], key[(key.IndexOf(' ') + 1)..]);
        path = path.Replace("{id}", "gp.G0").Replace("{**path}", "Observation");
        using var http = new HttpClient(caller is null ? theService.CreateAnonymousHandler() : theService.CreateHandler(caller)) { BaseAddress = theService.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method == "*" ? "GET" : method), path);
        if (method is "POST" or "PUT") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/fhir+json");
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden);
    }

    private static MethodType TypeOf(MethodDescriptor m) => (m.IsClientStreaming, m.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        _ => MethodType.DuplexStreaming,
    };

    private static string KeyOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<Grpc.AspNetCore.Server.GrpcMethodMetadata>() is { } grpc) return grpc.Method.FullName.TrimStart('/');
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        var pattern = endpoint.RoutePattern.RawText is { Length: > 1 } raw ? raw.TrimEnd('/') : endpoint.RoutePattern.RawText;
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "*")} {pattern}";
    }
}
