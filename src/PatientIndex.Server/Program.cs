using PatientIndex.Server.Fhir;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Hosting;
using PatientIndex.Server.Stewardship.Web;

var builder = WebApplication.CreateBuilder(args);
ServerDefaults.Add(builder.Configuration);
ListenAddresses.Configure(builder);
builder.Services.AddPatientIndex();
builder.Services.AddFhir();

var app = builder.Build();
app.MapGrpcService<PatientIndexService>();
app.MapGrpcService<StewardshipService>();
app.MapGrpcService<AdminService>();
app.MapGrpcService<JobsService>();
app.MapGrpcService<AuditService>();
app.MapStewardPages();
app.MapGrpcHealthChecksService();
app.MapHealthChecks("/healthz", HealthEndpoint.Options);
app.MapGrpcReflectionService();
app.MapFhir();
app.MapGet("/", () => "PatientIndex: the gRPC services patientindex.v1.PatientIndex, patientindex.v1.Stewardship, patientindex.v1.Admin, patientindex.v1.Jobs and patientindex.v1.Audit listen on the Grpc endpoint (HTTP/2); FHIR R4 is at /fhir and the steward page at /steward on the Web endpoint (HTTP/1.1).");
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
