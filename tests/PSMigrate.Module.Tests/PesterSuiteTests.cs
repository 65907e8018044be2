namespace PSMigrate.Module.Tests;

/// <summary>
/// The Pester suite (tests/Pester), run here through a stand-in for Pester's Describe/It/Should
/// (PesterShim.ps1) because Pester is not served to CI; build.ps1 -Test runs it with Pester 5.
/// </summary>
public sealed class PesterSuiteTests
{
    public static TheoryData<string> Files =>
        new(Directory.GetFiles(Path.Combine(ModulePaths.RepositoryRoot, "tests", "Pester"), "*.Tests.ps1").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void PesterFilePasses(string file)
    {
        using var session = new PowerShellSession();
        var result = session.Run(". $shim; Invoke-PesterShim $file", new Dictionary<string, object?>
        {
            ["shim"] = Path.Combine(ModulePaths.RepositoryRoot, "tests", "PSMigrate.Module.Tests", "PesterShim.ps1"),
            ["file"] = Path.Combine(ModulePaths.RepositoryRoot, "tests", "Pester", file),
        });
        result.ShouldSucceed();
        var outcomes = result.Output.Select(o => (Test: (string)o.Properties["Test"].Value, Result: (string)o.Properties["Result"].Value, Message: (string)o.Properties["Message"].Value)).ToList();
        var failed = outcomes.Where(o => o.Result == "Failed").Select(o => $"{o.Test}: {o.Message}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.True(outcomes.Count(o => o.Result == "Passed") >= 3, string.Join("\n", outcomes));
    }

    [Fact]
    public void TheStandInFailsWhatPesterWouldFail()
    {
        using var session = new PowerShellSession();
        var file = Path.Combine(session.Directory, "Wrong.Tests.ps1");
        File.WriteAllText(file, """
            Describe 'wrong' {
                BeforeAll { $value = 2 }
                It 'compares' { $value | Should -Be 3 }
                It 'expects a throw' { { 'fine' } | Should -Throw -ErrorId 'PSMigrate.X' }
                It 'matches an id' { { Get-MigrationHistory -Path ./nope -ErrorAction Stop } | Should -Throw -ErrorId 'PSMigrate.UnknownTarget' }
                It 'sees BeforeAll' { $value | Should -Be 2 }
                It 'negates' { @(1, 2) | Should -Not -Contain 3 }
            }
            """);
        var results = session.Run(". $shim; Invoke-PesterShim $file", new Dictionary<string, object?>
        {
            ["shim"] = Path.Combine(ModulePaths.RepositoryRoot, "tests", "PSMigrate.Module.Tests", "PesterShim.ps1"),
            ["file"] = file,
        }).Output.Select(o => (string)o.Properties["Result"].Value).ToList();
        Assert.Equal(["Failed", "Failed", "Failed", "Passed", "Passed"], results);
    }
}
