using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>Edited, missing and unknown revisions are reported; -Strict fails for CI; nothing is changed.</summary>
public sealed class DriftTests
{
    private static (string First, string Second) ApplyTwo(PowerShellSession session)
    {
        session.Initialise();
        var first = session.Run("(New-MigrationRevision 'one' -UpgradeSql 'CREATE TABLE one (id INTEGER)' -DowngradeSql 'DROP TABLE one').Revision").Output.Single().ToString();
        var second = session.Run("(New-MigrationRevision 'two' -UpgradeSql 'CREATE TABLE two (id INTEGER)' -DowngradeSql 'DROP TABLE two').Revision").Output.Single().ToString();
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        return (first, second);
    }

    private static string FileOf(PowerShellSession session, string revision) =>
        Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), revision + "_*.sql").Single();

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void StampsKeepDriftDetectionAndLogTheirRealDirection(string provider)
    {
        using var session = new PowerShellSession(provider);
        var (first, second) = ApplyTwo(session);
        session.Run("Set-MigrationVersion $r -Force", new Dictionary<string, object?> { ["r"] = first }).ShouldSucceed();
        session.Run("Set-MigrationVersion head -Force").ShouldSucceed();
        Assert.Equal(
            [$"{second} downgrade stamp: two", $"{second} upgrade stamp: two"],
            session.Db.Column("SELECT revision || ' ' || direction || ' ' || message FROM psmigrate_history WHERE message LIKE 'stamp%' ORDER BY id"));
        Assert.Empty(session.Db.Column("SELECT revision FROM psmigrate_history WHERE checksum IS NULL"));

        foreach (var revision in new[] { first, second })
        {
            File.AppendAllText(FileOf(session, revision), "\n-- edited after it was applied\n");
        }

        var drift = session.Run("Test-Migration");
        drift.ShouldSucceed();
        Assert.Equal(new[] { first, second }.Order(), drift.Output.Select(d => d.Properties["Revision"].Value.ToString()).Order());
        Assert.All(drift.Output, d => Assert.Equal("Modified", d.Properties["Kind"].Value.ToString()));
        Assert.All(session.Run("Get-MigrationHistory").Output, h => Assert.True((bool)h.Properties["IsModified"].Value));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void EditedAppliedRevisionIsReportedAndStrictFails(string provider)
    {
        using var session = new PowerShellSession(provider);
        var (first, _) = ApplyTwo(session);
        Assert.Empty(session.Run("Test-Migration").Output);
        Assert.True((bool)session.Run("Test-Migration -Quiet").Output.Single().BaseObject);

        var file = FileOf(session, first);
        File.WriteAllText(file, File.ReadAllText(file).Replace("CREATE TABLE one (id INTEGER)", "CREATE TABLE one (id INTEGER, extra TEXT)"));
        var before = session.Db.Snapshot();

        var report = session.Run("Test-Migration");
        report.ShouldSucceed();
        var drift = Assert.Single(report.Output);
        Assert.Equal(first, drift.Properties["Revision"].Value);
        Assert.Equal("Modified", drift.Properties["Kind"].Value.ToString());
        Assert.Equal(file, drift.Properties["Path"].Value);
        Assert.NotEqual(drift.Properties["RecordedChecksum"].Value, drift.Properties["CurrentChecksum"].Value);
        Assert.False((bool)session.Run("Test-Migration -Quiet").Output.Single().BaseObject);

        var strict = session.Run("Test-Migration -Strict; 'kept going'");
        Assert.NotNull(strict.Terminating);
        Assert.StartsWith("PSMigrate.DriftDetected", strict.Terminating.FullyQualifiedErrorId);
        Assert.Contains(file, strict.Terminating.Exception.Message);
        Assert.DoesNotContain(strict.Output, o => o.ToString() == "kept going");

        var upgrade = session.Run("Invoke-MigrationUpgrade");
        upgrade.ShouldSucceed();
        Assert.Contains(upgrade.Warnings, w => w.Contains(file) && w.Contains("Test-Migration"));
        Assert.True((bool)session.Run($"(Get-MigrationHistory | Where-Object Revision -eq '{first}').IsModified").Output.Single().BaseObject);
        Assert.Equal(before, session.Db.Snapshot());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void DatabaseRevisionWithoutAFileIsReported(string provider)
    {
        using var session = new PowerShellSession(provider);
        var (_, second) = ApplyTwo(session);
        File.Delete(FileOf(session, second));

        var drift = Assert.Single(session.Run("Test-Migration").Output);
        Assert.Equal("UnknownRevision", drift.Properties["Kind"].Value.ToString());
        Assert.Equal(second, drift.Properties["Revision"].Value);

        var upgrade = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.UnknownDatabaseRevision", upgrade.FullyQualifiedErrorId);
        Assert.Contains("Set-MigrationVersion", upgrade.Exception.Message);
    }

    [Fact]
    public void AppliedRevisionWhoseFileWasRemovedIsReportedAsMissing()
    {
        using var session = new PowerShellSession();
        var (first, second) = ApplyTwo(session);

        // Someone squashes history: the first file goes and the second becomes a root.
        File.Delete(FileOf(session, first));
        var file = FileOf(session, second);
        File.WriteAllText(file, File.ReadAllText(file).Replace($"-- Revises: {first}", "-- Revises:"));

        var drift = session.Run("Test-Migration").Output;
        var missing = Assert.Single(drift, d => d.Properties["Kind"].Value.ToString() == "Missing");
        Assert.Equal(first, missing.Properties["Revision"].Value);
        Assert.Contains(drift, d => d.Properties["Kind"].Value.ToString() == "Modified" && (string)d.Properties["Revision"].Value == second);
    }
}
