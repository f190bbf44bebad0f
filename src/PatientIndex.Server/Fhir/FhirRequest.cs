using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.Net.Http.Headers;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// Reads a request body as one FHIR resource with Firely's strict parser: the media type must be
/// FHIR JSON (415), the body JSON (400), the resource valid FHIR (400, naming the element the parser
/// names) and of the expected type (400).
/// </summary>
internal static class FhirRequest
{
    /// <summary>Largest body accepted: a transaction of a few thousand Patients.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings { Validator = GetterSafeValidator.Instance });

    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : Resource
    {
        CheckMediaType(request);
        var body = await ReadBodyAsync(request);
        var resource = Parse(body);
        if (resource is not T typed)
            throw FhirException.Invalid(resource.TypeName, $"expected a {typeof(T).Name} resource, not {resource.TypeName}");
        return typed;
    }

    public static Resource Parse(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (Strict.TryDeserializeResource(ref reader, out var resource, out var issues) && resource is not null)
                return resource;
            throw Invalid(issues.ToList(), resource);
        }
        catch (JsonException e)
        {
            throw new FhirException(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or CodedException)
        {
            throw new FhirException(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, "the body is not a readable FHIR resource: " + e.Message);
        }
    }

    private static FhirException Invalid(List<CodedException> issues, Resource? partial)
    {
        var expressions = issues.OfType<ExtendedCodedException>().Select(i => i.InstancePath).OfType<string>()
            .Where(p => p.Length > 0).Distinct().ToArray();
        // A value the parser and then the validator both trip over is one problem: said once.
        var messages = issues.DistinctBy(i => i is ExtendedCodedException { BaseErrorMessage: { } text } ? text : i.Message).Select(i => i.Message);
        var message = issues.Count == 0 ? "the body is not a FHIR resource" : string.Join("; ", messages);
        if (issues.Count == 0 && partial is null) expressions = ["resourceType"];
        return new FhirException(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message, expressions);
    }

    private static void CheckMediaType(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Value is "application/fhir+json" or "application/json" or "application/json+fhir")
            return;
        throw new FhirException(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
            $"the body must be application/fhir+json, not {(string.IsNullOrEmpty(request.ContentType) ? "unspecified" : request.ContentType)}");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static FhirException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly,
        $"the body is larger than {MaxBodyBytes / (1024 * 1024)} MiB");
}
