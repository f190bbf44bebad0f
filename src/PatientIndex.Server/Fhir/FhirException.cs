using Hl7.Fhir.Model;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// A request the FHIR edge refuses, with the HTTP status and the element at fault (a FHIRPath
/// expression such as <c>Patient.birthDate</c>); it leaves as an OperationOutcome.
/// </summary>
public sealed class FhirException(int status, OperationOutcome.IssueType type, string message, params string[] expressions) : Exception(message)
{
    public int Status { get; } = status;
    public OperationOutcome.IssueType Type { get; } = type;
    public IReadOnlyList<string> Expressions { get; } = expressions;

    public static FhirException Invalid(string expression, string message) =>
        new(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message, expression);

    public static FhirException Unprocessable(string expression, string message) =>
        new(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Processing, message, expression);

    public static FhirException Conflict(string expression, string message) =>
        new(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate, message, expression);

    public static FhirException Forbidden(string expression, string message) =>
        new(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, message, expression);

    public static FhirException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, what + " not found");

    public OperationOutcome ToOutcome() => Outcomes.Of(OperationOutcome.IssueSeverity.Error, Type, Message, Expressions);
}
