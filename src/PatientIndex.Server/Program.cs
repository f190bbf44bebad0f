using PatientIndex.Server.Fhir;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Hosting;
using PatientIndex.Server.Stewardship.Web;

var builder = WebApplication.CreateBuilder(args);
ServerDefaults.Add(builder.Configuration);
ListenAddresses.Configure(builder);
ClientCertificates.Configure(builder);
builder.Services.AddPatientIndex();
builder.Services.AddFhir();

var app = builder.Build();
// Behind authentication, so a query limit partitions by the authenticated client.
app.UseRateLimiter();
app.MapGrpcService<PatientIndexService>();
app.MapGrpcService<StewardshipService>();
app.MapGrpcService<AdminService>();
app.MapGrpcService<JobsService>();
app.MapStewardPages();
app.MapGrpcHealthChecksService();
app.MapHealthChecks("/healthz", HealthEndpoint.Options);
app.MapGrpcReflectionService();
app.MapFhir();
app.MapGet("/", () => "PatientIndex: the gRPC services patientindex.v1.PatientIndex, patientindex.v1.Stewardship, patientindex.v1.Admin and patientindex.v1.Jobs listen on the Grpc endpoint (HTTP/2); FHIR R4 is at /fhir and the steward page at /steward on the Web endpoint (HTTP/1.1); an HTTPS endpoint serves both.");
ListenAddresses.ReportPlaintext(app);
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
