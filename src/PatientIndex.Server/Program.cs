using PatientIndex.Server.Fhir;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
ServerDefaults.Add(builder.Configuration);
ListenAddresses.Configure(builder);
builder.Services.AddPatientIndex();
builder.Services.AddFhir();

var app = builder.Build();
app.MapGrpcService<PatientIndexService>();
app.MapGrpcHealthChecksService();
app.MapHealthChecks("/healthz", HealthEndpoint.Options);
app.MapGrpcReflectionService();
app.MapFhir();
app.MapGet("/", () => "PatientIndex: the gRPC service patientindex.v1.PatientIndex listens on the Grpc endpoint (HTTP/2); FHIR R4 is at /fhir on the Web endpoint (HTTP/1.1).");
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
