using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Tests;

/// <summary>One catalogue of error ids: each id one condition, each one used, and no id made up elsewhere.</summary>
public sealed partial class ErrorCatalogueTests
{
    [GeneratedRegex(@"""PSMigrate\.(?<name>[A-Z][A-Za-z]+)""")]
    private static partial Regex IdLiteral();

    [Fact]
    public void EveryEntryHasItsOwnNameAndMeaning()
    {
        Assert.NotEmpty(MigrationErrors.All);
        Assert.Equal(MigrationErrors.All.Count, MigrationErrors.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(MigrationErrors.All.Count, MigrationErrors.All.Select(e => e.Meaning).Distinct().Count());
        Assert.All(MigrationErrors.All, e => Assert.EndsWith(".", e.Meaning));
    }

    [Fact]
    public void NoErrorIdIsWrittenOutsideTheCatalogue()
    {
        var namespaces = new[] { "Engine", "Commands", "HelpBuilder", "Bench" };
        var strays = SourceTree.CSharpFiles()
            .SelectMany(file => IdLiteral().Matches(File.ReadAllText(file)).Select(m => (File: file, Name: m.Groups["name"].Value)))
            .Where(hit => !namespaces.Contains(hit.Name))
            .Select(hit => $"{Path.GetFileName(hit.File)}: PSMigrate.{hit.Name}")
            .ToList();
        Assert.Empty(strays);
    }

    [Fact]
    public void EveryEntryIsRaisedSomewhere()
    {
        var code = string.Join("\n", SourceTree.CSharpFiles().Where(f => Path.GetFileName(f) != "MigrationErrors.cs").Select(File.ReadAllText));
        var unused = MigrationErrors.All.Where(e => !Regex.IsMatch(code, $@"\bMigrationErrors\.{e.Name}\b")).Select(e => e.Id).ToList();
        Assert.Empty(unused);
    }
}
