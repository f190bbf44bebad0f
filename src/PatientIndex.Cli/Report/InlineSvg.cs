using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace PatientIndex.Cli.Report;

/// <summary>
/// An SVG document made fit to sit inline in a page beside others: no XML declaration, a view box so it
/// scales, and its ids (Skia's clip paths, numbered afresh in every chart) prefixed with the chart's own
/// name, or every chart would clip to the first chart's rectangles.
/// </summary>
internal static partial class InlineSvg
{
    public static string Of(string svgDocument, string name, string description, int width, int height)
    {
        var svg = svgDocument[svgDocument.IndexOf("<svg", StringComparison.Ordinal)..];
        svg = Ids().Replace(svg, m => $"{m.Groups[1].Value}{name}-{m.Groups[2].Value}");
        var open = string.Create(CultureInfo.InvariantCulture,
            $"<svg data-chart=\"{WebUtility.HtmlEncode(name)}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(description)}\" viewBox=\"0 0 {width} {height}\" ");
        return open + svg["<svg ".Length..];
    }

    /// <summary>An id where it is declared, and where it is used: <c>id="x"</c>, <c>url(#x)</c>, <c>href="#x"</c>.</summary>
    [GeneratedRegex("""(\bid="|url\(#|href="#)([^")]+)""")]
    private static partial Regex Ids();
}
