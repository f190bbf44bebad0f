using PatientIndex.Server.Fhir;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Hosting;
using PatientIndex.Server.Security;
using PatientIndex.Server.Security.Development;
using PatientIndex.Server.Stewardship.Web;
using PatientIndex.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args);
ServerDefaults.Add(builder.Configuration);
ListenAddresses.Configure(builder);
ClientCertificates.Configure(builder);
var ownIssuer = DevelopmentSignIn.Configure(builder);
builder.Services.AddPatientIndex();
builder.Services.AddFhir();
builder.Services.AddPatientIndexSecurity();
builder.Services.AddPatientIndexTelemetry(builder.Configuration);

var app = builder.Build();
if (!DevelopmentSignIn.CheckIssuer(app)) return 1;
app.UseGrpcCallMetrics();
app.UseAuthentication();
app.UseAuthorization();
// Behind authentication, so a query limit partitions by the authenticated client.
app.UseRateLimiter();
app.MapGrpcService<PatientIndexService>().Add(AccessPolicy.Apply);
app.MapGrpcService<StewardshipService>().Add(AccessPolicy.Apply);
app.MapGrpcService<AdminService>().Add(AccessPolicy.Apply);
app.MapGrpcService<JobsService>().Add(AccessPolicy.Apply);
app.MapGrpcService<AuditService>().Add(AccessPolicy.Apply);
app.MapStewardPages();
app.MapGrpcHealthChecksService().Add(AccessPolicy.Apply);
app.MapHealthChecks("/healthz", HealthEndpoint.Ready).Add(AccessPolicy.Apply);
app.MapHealthChecks("/healthz/ready", HealthEndpoint.Ready).Add(AccessPolicy.Apply);
app.MapHealthChecks("/healthz/live", HealthEndpoint.Live).Add(AccessPolicy.Apply);
app.MapMetrics(AccessPolicy.Apply);
app.MapGrpcReflectionService().Add(AccessPolicy.Apply);
app.MapFhir();
if (ownIssuer)
{
    app.MapDevelopmentIssuer();
    DevelopmentSignIn.PrintHowToSignIn(app);
}
app.MapGet("/", () => "PatientIndex: the gRPC services patientindex.v1.PatientIndex, patientindex.v1.Stewardship, patientindex.v1.Admin, patientindex.v1.Jobs and patientindex.v1.Audit listen on the Grpc endpoint (HTTP/2); FHIR R4 is at /fhir and the steward page at /steward on the Web endpoint (HTTP/1.1); an HTTPS endpoint serves both. Every call carries a bearer token.");
ListenAddresses.ReportPlaintext(app);
app.Run();
return 0;

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
