using System.Diagnostics;
using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>Ctrl+C (PowerShell.Stop()) stops a running migration at once and rolls the running revision back.</summary>
public sealed class StopTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void StoppingTheUpgradeCancelsTheRunningStatementWithinTwoSeconds(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var slow = provider == Providers.Sqlite
            ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 800000000) SELECT count(*) FROM c;"
            : "SELECT pg_sleep(8);";
        session.Run("New-MigrationRevision 'first' -UpgradeSql 'CREATE TABLE first (id INTEGER);' -DowngradeSql 'DROP TABLE first;'").ShouldSucceed();
        session.Run("New-MigrationRevision 'slow' -UpgradeSql $u -DowngradeSql 'DROP TABLE second;'",
            new Dictionary<string, object?> { ["u"] = "CREATE TABLE second (id INTEGER);\n" + slow }).ShouldSucceed();
        session.Run("Invoke-MigrationUpgrade +1").ShouldSucceed();
        var before = session.Db.Snapshot();

        using var shell = session.CreateShell();
        shell.AddScript("Invoke-MigrationUpgrade -Verbose");
        var running = new ManualResetEventSlim();
        shell.Streams.Verbose.DataAdded += (_, e) =>
        {
            if (shell.Streams.Verbose[e.Index].Message.Contains(slow[..15], StringComparison.Ordinal))
            {
                running.Set();
            }
        };
        var invocation = shell.BeginInvoke();
        Assert.True(running.Wait(TimeSpan.FromSeconds(15)), "the slow statement never started");
        Thread.Sleep(500);

        var clock = Stopwatch.StartNew();
        shell.Stop();
        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped {clock.Elapsed} after Stop()");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Equal(before, session.Db.Snapshot());
        Assert.DoesNotContain("second", session.Db.Tables());
    }
}
