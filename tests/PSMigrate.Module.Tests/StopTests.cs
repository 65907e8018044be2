using System.Diagnostics;
using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>Ctrl+C (PowerShell.Stop()) stops a running migration at once and rolls the running revision back.</summary>
public sealed class StopTests
{
    /// <summary>A statement that runs for seconds on the provider's server.</summary>
    private static string Slow(string provider) => provider == Providers.Sqlite
        ? "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 800000000) SELECT count(*) FROM c;"
        : "SELECT pg_sleep(8);";

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void StoppingTheUpgradeCancelsTheRunningStatementWithinTwoSeconds(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var slow = Slow(provider);
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

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void StoppingASchemaComparisonRemovesItsScratchDatabase(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var slow = Slow(provider);
        File.WriteAllText(Path.Combine(session.Directory, "schema.sql"), "CREATE TABLE t (id INTEGER);\n" + slow);

        using var shell = session.CreateShell();
        shell.AddScript("Compare-MigrationSchema -DesiredSchema schema.sql -Verbose");
        var loading = new ManualResetEventSlim();
        string? scratch = null;
        shell.Streams.Verbose.DataAdded += (_, e) =>
        {
            var message = shell.Streams.Verbose[e.Index].Message;
            if (message.StartsWith("Created the ", StringComparison.Ordinal) && scratch is null)
            {
                scratch = message;
            }

            if (message.StartsWith("Loading ", StringComparison.Ordinal))
            {
                loading.Set();
            }
        };
        var invocation = shell.BeginInvoke();
        Assert.True(loading.Wait(TimeSpan.FromSeconds(15)), "the desired schema never started loading");
        Thread.Sleep(500);
        shell.Stop();
        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);

        Assert.NotNull(scratch);
        if (provider == Providers.Sqlite)
        {
            var path = scratch["Created the scratch file ".Length..^1];
            Assert.False(File.Exists(path), path);
        }
        else
        {
            var name = scratch.Split(' ')[^1].TrimEnd('.');
            var left = session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql | ForEach-Object n",
                new Dictionary<string, object?> { ["cs"] = session.Db.ConnectionString, ["sql"] = $"SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'" });
            Assert.Equal("0", left.Output.Single().ToString());
        }
    }
}
