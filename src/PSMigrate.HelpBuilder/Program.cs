using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Xml.Linq;
using PSMigrate.HelpBuilder;

// Usage: PSMigrate.HelpBuilder <staged module folder> <help source folder>
// Fails (exit 1) when a cmdlet has no help file, a parameter or an output type no description, or fewer than two examples.
var moduleDirectory = Path.GetFullPath(args[0]);
var sourceDirectory = Path.GetFullPath(args[1]);
var problems = new List<string>();

var common = HelpSource.Read(Path.Combine(sourceDirectory, "_common.txt"));
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
using var shell = PowerShell.Create();
shell.Runspace = runspace;
shell.AddScript("param($m) Import-Module $m -ErrorAction Stop; Get-Command -Module PSMigrate -CommandType Cmdlet")
    .AddArgument(Path.Combine(moduleDirectory, "PSMigrate.psd1"));
var commands = shell.Invoke().Select(o => (CmdletInfo)o.BaseObject).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
if (commands.Count == 0)
{
    Console.Error.WriteLine($"HelpBuilder: no cmdlets found in {moduleDirectory}: " +
        string.Join("; ", shell.Streams.Error.Select(e => e.Exception.ToString())));
    return 1;
}

var document = MamlWriter.Document(commands.Select(command =>
{
    var file = Path.Combine(sourceDirectory, command.Name + ".txt");
    if (!File.Exists(file))
    {
        problems.Add($"{command.Name}: no help file {file}");
        return null;
    }

    var help = HelpSource.Read(file);
    foreach (var parameter in MamlWriter.OwnParameters(command))
    {
        if (!help.Parameters.ContainsKey(parameter.Name) && !common.Parameters.ContainsKey(parameter.Name))
        {
            problems.Add($"{file}: parameter -{parameter.Name} has no '# PARAMETER {parameter.Name}' section");
        }
    }

    foreach (var output in command.OutputType.Where(o => MamlWriter.OutputText(o, help, common) is null))
    {
        problems.Add($"{file}: output type {output.Name} has no '# OUTPUT {output.Type?.Name ?? output.Name}' section");
    }

    if (help.Examples.Count < 2)
    {
        problems.Add($"{file}: {help.Examples.Count} example(s); every cmdlet needs at least two");
    }

    if (help.Synopsis.Length == 0 || help.Description.Length == 0)
    {
        problems.Add($"{file}: SYNOPSIS and DESCRIPTION are required");
    }

    return MamlWriter.Command(command, help, common);
}).OfType<XElement>());

if (problems.Count > 0)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine("HelpBuilder: error: " + problem);
    }

    return 1;
}

var culture = Path.Combine(moduleDirectory, "en-US");
Directory.CreateDirectory(culture);
document.Save(Path.Combine(culture, "PSMigrate.dll-Help.xml"));
foreach (var about in Directory.EnumerateFiles(sourceDirectory, "about_*.help.txt"))
{
    var text = File.ReadAllText(about).Replace("{{ERROR CATALOGUE}}", AboutText.ErrorCatalogue(), StringComparison.Ordinal);
    File.WriteAllText(Path.Combine(culture, Path.GetFileName(about)), text);
}

Console.WriteLine($"HelpBuilder: help for {commands.Count} cmdlets written to {culture}");
return 0;
