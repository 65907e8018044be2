using System.Management.Automation;
using System.Xml.Linq;

namespace PSMigrate.HelpBuilder;

/// <summary>Writes PowerShell's MAML help format from cmdlet metadata and help prose.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Cmd = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    // -WhatIf and -Confirm are listed like the cmdlet's own parameters, as Get-Help does for
    // built-in cmdlets; only the parameters every cmdlet has are left to CommonParameters.
    private static readonly HashSet<string> CommonParameters = new(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);

    public static XDocument Document(IEnumerable<XElement> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands));

    public static IEnumerable<ParameterMetadata> OwnParameters(CmdletInfo command) =>
        command.Parameters.Values.Where(p => !CommonParameters.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal);

    public static XElement Command(CmdletInfo command, HelpSource help, HelpSource common)
    {
        string Describe(string parameter) =>
            help.Parameters.GetValueOrDefault(parameter) ?? common.Parameters.GetValueOrDefault(parameter) ?? string.Empty;

        return new XElement(Cmd + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Cmd),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Cmd + "details",
                new XElement(Cmd + "name", command.Name),
                new XElement(Cmd + "verb", command.Verb),
                new XElement(Cmd + "noun", command.Noun),
                new XElement(Maml + "description", Paragraphs(help.Synopsis))),
            new XElement(Maml + "description", Paragraphs(help.Description)),
            new XElement(Cmd + "syntax", command.ParameterSets.Select(set =>
                new XElement(Cmd + "syntaxItem",
                    new XElement(Maml + "name", command.Name),
                    set.Parameters.Where(p => !CommonParameters.Contains(p.Name))
                        .OrderBy(p => p.Position < 0 ? int.MaxValue : p.Position)
                        .ThenBy(p => p.Name switch { "WhatIf" => 1, "Confirm" => 2, _ => 0 })
                        .ThenBy(p => p.Name, StringComparer.Ordinal)
                        .Select(p => Parameter(p.Name, p.ParameterType, p.IsMandatory, p.Position, p.ValueFromPipeline, p.ValueFromPipelineByPropertyName, p.Aliases, Describe(p.Name)))))),
            new XElement(Cmd + "parameters", OwnParameters(command).Select(p =>
            {
                var attribute = p.Attributes.OfType<ParameterAttribute>();
                return Parameter(p.Name, p.ParameterType,
                    attribute.Any(a => a.Mandatory),
                    attribute.Select(a => a.Position).DefaultIfEmpty(int.MinValue).Max(),
                    attribute.Any(a => a.ValueFromPipeline),
                    attribute.Any(a => a.ValueFromPipelineByPropertyName),
                    p.Aliases, Describe(p.Name));
            })),
            new XElement(Cmd + "inputTypes", InputTypes(command, help, common).Select(input =>
                new XElement(Cmd + "inputType",
                    new XElement(Dev + "type", new XElement(Maml + "name", input.Name)),
                    new XElement(Maml + "description", Paragraphs(input.Description))))),
            new XElement(Cmd + "returnValues", command.OutputType.Select(type =>
                new XElement(Cmd + "returnValue",
                    new XElement(Dev + "type", new XElement(Maml + "name", type.Type?.FullName ?? type.Name)),
                    new XElement(Maml + "description", Paragraphs(OutputText(type, help, common) ?? string.Empty))))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Cmd + "examples", help.Examples.Select((example, index) =>
                new XElement(Cmd + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {index + 1}: {example.Title} --------------------------"),
                    new XElement(Dev + "code", example.Code),
                    new XElement(Dev + "remarks", Paragraphs(example.Remarks))))),
            new XElement(Maml + "relatedLinks", help.Links.Select(link =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", link)))));
    }

    public static string? OutputText(PSTypeName type, HelpSource help, HelpSource common) =>
        help.Outputs.GetValueOrDefault(type.Type?.Name ?? type.Name) ?? common.Outputs.GetValueOrDefault(type.Type?.Name ?? type.Name);

    /// <summary>What the pipeline can bind: the types taken by value, and for by-property-name parameters, the property and what carries it.</summary>
    private static IEnumerable<(string Name, string Description)> InputTypes(CmdletInfo command, HelpSource help, HelpSource common)
    {
        var inputs = new List<(string, string)>();
        foreach (var parameter in OwnParameters(command))
        {
            var attributes = parameter.Attributes.OfType<ParameterAttribute>().ToList();
            if (attributes.Any(a => a.ValueFromPipeline))
            {
                inputs.Add((parameter.ParameterType.FullName!, $"Bound to -{parameter.Name}."));
            }

            if (attributes.Any(a => a.ValueFromPipelineByPropertyName))
            {
                var names = string.Join(" or ", new[] { parameter.Name }.Concat(parameter.Aliases));
                inputs.Add(($"Objects with a {names} property", help.Inputs.GetValueOrDefault(parameter.Name) ?? common.Inputs.GetValueOrDefault(parameter.Name) ?? $"The property's value is bound to -{parameter.Name}."));
            }
        }

        return inputs.Count > 0 ? inputs : [("None", "Nothing is taken from the pipeline.")];
    }

    private static XElement Parameter(string name, Type type, bool mandatory, int position, bool byValue, bool byName,
        IEnumerable<string> aliases, string description)
    {
        var pipeline = (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var isSwitch = type == typeof(SwitchParameter);
        var (text, defaultValue) = SplitDefault(description);
        return new XElement(Cmd + "parameter",
            new XAttribute("required", mandatory ? "true" : "false"),
            new XAttribute("variableLength", type.IsArray ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position >= 0 ? position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named"),
            new XAttribute("aliases", aliases.Any() ? string.Join(", ", aliases) : "none"),
            new XElement(Maml + "name", name),
            new XElement(Maml + "description", Paragraphs(text)),
            isSwitch ? null : new XElement(Cmd + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), TypeName(type)),
            new XElement(Dev + "type", new XElement(Maml + "name", type.FullName)),
            new XElement(Dev + "defaultValue", defaultValue ?? (isSwitch ? "False" : "None")));
    }

    /// <summary>A 'Default: x' line in a parameter's text is its default value.</summary>
    private static (string Text, string? Default) SplitDefault(string description)
    {
        var lines = description.Split('\n').ToList();
        var line = lines.FindIndex(l => l.StartsWith("Default:", StringComparison.Ordinal));
        if (line < 0)
        {
            return (description, null);
        }

        var value = lines[line]["Default:".Length..].Trim();
        lines.RemoveAt(line);
        return (string.Join('\n', lines).Trim(), value);
    }

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsArray ? underlying.GetElementType()!.Name + "[]" : underlying.Name;
    }

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new XElement(Maml + "para", p.ReplaceLineEndings(" ").Replace("  ", " ")));
}
