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

        // Ready for the PowerShell Gallery: a description of what it does now, real links, the providers as tags.
        var description = module.Properties["Description"].Value.ToString()!;
        Assert.Contains("PostgreSQL and SQL Server", description);
        Assert.DoesNotContain("planned", description);
        foreach (var uri in new[] { "ProjectUri", "LicenseUri", "IconUri" })
        {
            var value = module.Properties[uri].Value?.ToString();
            Assert.StartsWith("https://", value);
            Assert.DoesNotContain("example.invalid", value);
        }

        Assert.False(string.IsNullOrWhiteSpace(module.Properties["ReleaseNotes"].Value?.ToString()));
        var tags = session.Run("(Test-ModuleManifest -Path $manifest).Tags", new Dictionary<string, object?> { ["manifest"] = ModulePaths.Manifest }).Output.Select(o => o.ToString()).ToList();
        Assert.Contains("postgresql", tags);
        Assert.Contains("sqlserver", tags);
        Assert.Contains("sqlite", tags);

        var commands = session.Run("(Get-Command -Module PSMigrate).Name").Output.Select(o => o.ToString()).Order().ToList();
        Assert.Equal(
            new[]
            {
                "Add-MigrationColumn", "Add-MigrationConstraint", "Add-MigrationRow", "Compare-MigrationSchema", "Get-MigrationHistory", "Get-MigrationPlan", "Get-MigrationRevision", "Get-MigrationSchema", "Initialize-Migration",
                "Invoke-MigrationSql", "Invoke-MigrationUpgrade", "Merge-MigrationRevision", "New-MigrationIndex", "New-MigrationRevision", "New-MigrationTable",
                "Remove-MigrationColumn", "Remove-MigrationConstraint", "Remove-MigrationIndex", "Remove-MigrationTable", "Rename-MigrationColumn",
                "Rename-MigrationTable", "Repair-Migration", "Set-MigrationColumn", "Set-MigrationVersion", "Test-Migration", "Undo-Migration",
            },
            commands);
    }

    [Fact]
    public void EngineAndDependenciesLoadFromTheModuleIntoTheirOwnLoadContext()
    {
        using var session = new PowerShellSession();
        session.Run("Initialize-Migration").ShouldSucceed();
        session.Run("New-MigrationRevision 'first' -UpgradeSql 'CREATE TABLE t (id INTEGER)' -DowngradeSql 'DROP TABLE t'").ShouldSucceed();
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();

        var loaded = session.Run("""
            [System.AppDomain]::CurrentDomain.GetAssemblies() |
                Where-Object { $_.GetName().Name -in 'PSMigrate.Engine', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core' } |
                ForEach-Object { '{0}|{1}|{2}' -f $_.GetName().Name, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name, $_.Location }
            """).Output.Select(o => o.ToString()!.Split('|')).ToList();
        Assert.Equal(3, loaded.Count);
        Assert.All(loaded, assembly =>
        {
            Assert.Equal("PSMigrate", assembly[1]);
            Assert.StartsWith(Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, "dependencies"), assembly[2]);
        });
        Assert.Equal("Default", session.Run("[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command Invoke-MigrationUpgrade).ImplementingType.Assembly).Name").Output.Single().ToString());
    }
}
