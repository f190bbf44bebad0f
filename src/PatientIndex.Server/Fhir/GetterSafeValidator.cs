using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// Firely's own validator, made safe for the values its parser lets through. Given a wrongly typed
/// element such as <c>"contained": 0</c>, the parser reports the problem, then validates the object,
/// whose getter throws on the value it kept (Hl7.Fhir.R4 6.8). That escaped the parser as an exception
/// naming no element; here it becomes one more issue, located at the object being validated, so the
/// request is refused like any other invalid resource.
/// </summary>
internal sealed class GetterSafeValidator : IPocoValidator
{
    public static readonly GetterSafeValidator Instance = new();

    public IReadOnlyCollection<CodedValidationException> ValidateProperty(string name, object? propertyValue, PropertyMapping? propertyMapping,
        PocoValidationContext context)
    {
        try { return FhirAttributeValidator.Default.ValidateProperty(name, propertyValue, propertyMapping, context); }
        catch (CodedValidationException e) { return [Located(e, context)]; }
    }

    public IReadOnlyCollection<CodedValidationException> ValidateObject(Base instance, ClassMapping classMapping, PocoValidationContext context)
    {
        try { return FhirAttributeValidator.Default.ValidateObject(instance, classMapping, context); }
        catch (CodedValidationException e) { return [Located(e, context)]; }
    }

    private static CodedValidationException Located(CodedValidationException e, PocoValidationContext context)
    {
        var element = string.IsNullOrEmpty(e.MemberName) ? "" : "." + char.ToLowerInvariant(e.MemberName[0]) + e.MemberName[1..];
        return new CodedValidationException(e.ErrorCode, e.BaseErrorMessage, e.Display ?? "", context.PathProducer() + element,
            context.LineNumber, context.LinePosition, e.IssueSeverity, e.IssueType, e.MemberName);
    }
}
