using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace MiniApiServer.OpenApi;

/// <summary>
/// Summaries from the C# XML documentation file. KubernetesClient generates its summaries from the upstream
/// OpenAPI descriptions, re-wrapped at 80 columns, so unwrapping them gives back the upstream text.
/// </summary>
public sealed class XmlDocumentation
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    public static XmlDocumentation Empty { get; } = new([]);

    public static XmlDocumentation Load(string path) => From(XDocument.Load(path));

    public static XmlDocumentation From(XDocument document)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in document.Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (name is not null && summary is not null)
            {
                summaries[name] = Unwrap(summary.Value);
            }
        }
        return new XmlDocumentation(summaries);
    }

    /// <summary>
    /// Where KubernetesClient.xml is: beside the assembly when the build copied it
    /// (CopyDocumentationFilesFromPackages), otherwise in the NuGet package folder.
    /// </summary>
    public static string? FindFor(Assembly assembly)
    {
        var xmlName = Path.GetFileNameWithoutExtension(assembly.Location) + ".xml";
        var beside = Path.Combine(Path.GetDirectoryName(assembly.Location) ?? ".", xmlName);
        if (File.Exists(beside))
        {
            return beside;
        }
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packageLib = Path.Combine(packages, assembly.GetName().Name!.ToLowerInvariant(), version ?? "", "lib");
        if (!Directory.Exists(packageLib))
        {
            return null;
        }
        return Directory.GetDirectories(packageLib)
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, xmlName))
            .FirstOrDefault(File.Exists);
    }

    public string? TypeSummary(Type type) => Lookup($"T:{type.FullName}");

    public string? PropertySummary(PropertyInfo property) => Lookup($"P:{property.DeclaringType!.FullName}.{property.Name}");

    private string? Lookup(string key) => _summaries.TryGetValue(key, out var text) && text.Length > 0 ? text : null;

    // Joins wrapped lines with a space; an empty line stays a paragraph break.
    private static string Unwrap(string raw)
    {
        var text = new StringBuilder();
        var pendingBreak = false;
        foreach (var line in raw.Split('\n').Select(l => l.Trim()))
        {
            if (line.Length == 0)
            {
                pendingBreak = text.Length > 0;
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(pendingBreak ? "\n\n" : " ");
            }
            text.Append(line);
            pendingBreak = false;
        }
        return text.ToString();
    }
}
