using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Engine.Tests;

/// <summary>The deployment lock on each real database: a second run waits, says so, and times out.</summary>
public sealed class RunLockTests
{
    [Fact]
    public void SqliteLockMakesASecondRunWaitThenTimeOut()
    {
        using var folder = new TestFolder();
        AssertExclusive(folder.Database);
    }

    [PostgresFact]
    public void PostgresAdvisoryLockMakesASecondRunWaitThenTimeOut()
    {
        using var folder = new TestFolder(ProviderKind.PostgreSql);
        AssertExclusive(folder.Database);
    }

    [Fact]
    public void StoppingWhileWaitingForTheLockEndsTheWaitAtOnce()
    {
        using var folder = new TestFolder();
        var database = folder.Database;
        using var first = DatabaseSession.Open(database);
        using var holder = Lock(first, TimeSpan.FromSeconds(5), _ => { });
        using var stop = new CancellationTokenSource();
        using var second = DatabaseSession.Open(database, stop.Token);
        // Stopped from a thread of its own, as Ctrl+C stops a run: a timed token source fires on
        // the thread pool, which the whole suite can keep busy for seconds.
        var stopper = new Thread(() =>
        {
            Thread.Sleep(300);
            stop.Cancel();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        stopper.Start();
        var error = Assert.Throws<MigrationException>(() => Lock(second, TimeSpan.FromSeconds(30), _ => { }));
        stopper.Join();
        Assert.Equal("PSMigrate.Cancelled", error.ErrorId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the wait ended after {clock.Elapsed}");
    }

    private static IDisposable Lock(DatabaseSession session, TimeSpan timeout, Action<string> waiting) =>
        session.Provider.AcquireRunLock(session.Connection, session.Database.ConnectionString, session.Database.Tables, timeout, waiting, session.Cancellation);

    private static void AssertExclusive(DatabaseTarget database)
    {
        using var first = DatabaseSession.Open(database);
        using var second = DatabaseSession.Open(database);
        var messages = new List<string>();

        using (Lock(first, TimeSpan.FromSeconds(5), messages.Add))
        {
            Assert.Empty(messages);
            var error = Assert.Throws<MigrationException>(() => Lock(second, TimeSpan.FromMilliseconds(600), messages.Add));
            Assert.Equal("PSMigrate.LockTimeout", error.ErrorId);
            Assert.Contains("-LockTimeout", error.Message);
            Assert.StartsWith("Waiting for the deployment lock", Assert.Single(messages));
        }

        using (Lock(second, TimeSpan.FromSeconds(5), messages.Add))
        {
            Assert.Single(messages);
        }
    }
}
