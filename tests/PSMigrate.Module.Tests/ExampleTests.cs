namespace PSMigrate.Module.Tests;

/// <summary>Every example script a user copies runs here, so none of them can rot.</summary>
public sealed class ExampleTests : IDisposable
{
    private readonly PowerShellSession session = new();

    public void Dispose() => session.Dispose();

    [Fact]
    public void QuickstartMigratesASqliteDatabaseAndRollsBackOneRevision()
    {
        var script = Path.Combine(ModulePaths.Examples, "quickstart.ps1");
        var work = Path.Combine(session.Directory, "quickstart");
        var result = session.Run("& $script -WorkingDirectory $work", new Dictionary<string, object?> { ["script"] = script, ["work"] = work });
        result.ShouldSucceed();

        var steps = result.Output.Where(o => o.BaseObject.GetType().Name == "MigrationStepResult").ToList();
        Assert.Equal(["Upgrade", "Upgrade", "Downgrade"], steps.Select(s => s.Properties["Direction"].Value.ToString()));
        Assert.Equal("Quickstart finished in " + work, result.Output[^1].ToString());

        var database = Path.Combine(work, "migrations", "app.db");
        Assert.Equal(["employees"], session.Column("SELECT name FROM sqlite_master WHERE name IN ('employees', 'departments')", database));
        Assert.Equal([steps[0].Properties["Revision"].Value.ToString()!], session.Column("SELECT version_num FROM psmigrate_version", database));
    }
}
