namespace PSMigrate.Module.Tests;

public sealed class ModuleLoadingTests
{
    [Fact]
    public void TestProcessFolderHasNoneOfTheModuleDependencies()
    {
        foreach (var dll in new[] { "PSMigrate.dll", "PSMigrate.Engine.dll", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll" })
        {
            Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, dll)), $"{dll} is in the test folder, so it could hide a packaging mistake.");
        }
    }

    [Fact]
    public void ManifestPassesTestModuleManifestAndExportsTheCmdlets()
    {
        using var session = new PowerShellSession();
        var result = session.Run("Test-ModuleManifest -Path $manifest", new Dictionary<string, object?> { ["manifest"] = ModulePaths.Manifest });
        result.ShouldSucceed();
        var module = Assert.Single(result.Output);
        Assert.Equal("PSMigrate", module.Properties["Name"].Value);

        var commands = session.Run("(Get-Command -Module PSMigrate).Name").Output.Select(o => o.ToString()).Order().ToList();
        Assert.Equal(
            new[] { "Get-MigrationHistory", "Get-MigrationRevision", "Initialize-Migration", "Invoke-MigrationUpgrade", "Merge-MigrationRevision", "New-MigrationRevision", "Set-MigrationVersion", "Test-Migration", "Undo-Migration" },
            commands);
    }

    [Fact]
    public void ModuleLoadsItsDependenciesFromItsOwnFolder()
    {
        using var session = new PowerShellSession();
        session.Run("Initialize-Migration").ShouldSucceed();
        session.Run("New-MigrationRevision 'first' -UpgradeSql 'CREATE TABLE t (id INTEGER)' -DowngradeSql 'DROP TABLE t'").ShouldSucceed();
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();

        var location = session.Run("[Microsoft.Data.Sqlite.SqliteConnection].Assembly.Location").Output.Single().ToString();
        Assert.StartsWith(Path.GetDirectoryName(ModulePaths.Manifest)!, location);
    }
}
